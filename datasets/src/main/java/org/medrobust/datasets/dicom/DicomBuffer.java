package org.medrobust.datasets.dicom;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over the bytes of one file in one byte order. Every read is checked against the bytes present, so a
 * hostile length can never make the reader allocate or read past the end: it fails with the offset instead.
 */
final class DicomBuffer {

    private final byte[] data;
    private final int end;
    private ByteOrder order;
    private int position;

    DicomBuffer(byte[] data, int position, ByteOrder order) {
        this.data = data;
        this.end = data.length;
        this.position = position;
        this.order = order;
    }

    byte[] data() {
        return data;
    }

    ByteOrder order() {
        return order;
    }

    void order(ByteOrder order) {
        this.order = order;
    }

    int position() {
        return position;
    }

    void position(int position) {
        this.position = position;
    }

    int remaining() {
        return end - position;
    }

    /** Checks that {@code count} bytes follow the cursor; {@code what} names them in the error. */
    void require(long count, String what) {
        if (count < 0 || count > remaining()) {
            throw new Malformed("truncated: " + what + " needs " + Integer.toUnsignedString((int) count) + " bytes at offset "
                    + position + " but only " + remaining() + " remain");
        }
    }

    int u16() {
        require(2, "a 16-bit value");
        int value = u16(data, position, order);
        position += 2;
        return value;
    }

    /** An unsigned 32-bit value as a long (lengths up to 0xFFFFFFFF are legal in the format). */
    long u32() {
        require(4, "a 32-bit value");
        long value = u32(data, position, order);
        position += 4;
        return value;
    }

    String ascii(int count) {
        require(count, "text");
        String text = new String(data, position, count, StandardCharsets.ISO_8859_1);
        position += count;
        return text;
    }

    void skip(long count, String what) {
        require(count, what);
        position += (int) count;
    }

    static int u16(byte[] data, int at, ByteOrder order) {
        int a = data[at] & 0xff;
        int b = data[at + 1] & 0xff;
        return order == ByteOrder.LITTLE_ENDIAN ? a | b << 8 : a << 8 | b;
    }

    static long u32(byte[] data, int at, ByteOrder order) {
        long low = u16(data, at, order);
        long high = u16(data, at + 2, order);
        return order == ByteOrder.LITTLE_ENDIAN ? low | high << 16 : low << 16 | high;
    }
}
