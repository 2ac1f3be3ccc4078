package org.medrobust.models.onnx;

import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protobuf wire format to walk an ONNX model's initializers. ONNX Runtime's Java API does not
 * expose weight values, and pulling in a protobuf library for three message types is not worth it.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private final int start;
    private final int end;
    private int position;
    private int tag;

    ProtoReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private ProtoReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
        this.position = start;
    }

    /** Reads the next field's tag; false at the end of this message. */
    boolean next() {
        if (position >= end) {
            return false;
        }
        long value = varint();
        if (value >>> 32 != 0 || (value >>> 3) == 0) {
            throw new CorruptProtobufException("bad field tag " + value + " at byte " + position);
        }
        tag = (int) value;
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    /** Offset of this message's first byte in the whole buffer. */
    int start() {
        return start;
    }

    int end() {
        return end;
    }

    boolean hasMore() {
        return position < end;
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw new CorruptProtobufException("truncated varint at byte " + position);
            }
            byte b = bytes[position++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptProtobufException("varint longer than 10 bytes at byte " + position);
    }

    /** The length-delimited field at the cursor as a reader of its own; the cursor moves past it. */
    ProtoReader message() {
        int length = length();
        ProtoReader inner = new ProtoReader(bytes, position, position + length);
        position += length;
        return inner;
    }

    String string() {
        int length = length();
        String text = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }

    /** Skips the current field's value. */
    void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(length());
            case FIXED32 -> advance(4);
            default -> throw new CorruptProtobufException("unsupported wire type " + wireType() + " at byte " + position);
        }
    }

    private int length() {
        long length = varint();
        if (length < 0 || length > end - position) {
            throw new CorruptProtobufException("field of " + length + " bytes runs past the end of its message at byte "
                    + position);
        }
        return (int) length;
    }

    private void advance(int count) {
        require(count);
        position += count;
    }

    private void require(int count) {
        if (end - position < count) {
            throw new CorruptProtobufException("truncated field at byte " + position);
        }
    }

    /** The bytes are not a well-formed protobuf message. */
    static final class CorruptProtobufException extends RuntimeException {
        CorruptProtobufException(String message) {
            super(message);
        }
    }
}
