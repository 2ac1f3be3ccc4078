package org.medrobust.datasets.dicom;

/**
 * A byte cursor over a JPEG-family stream (ITU-T T.81 B.1.1, shared by T.87): big-endian bytes and words, and the
 * next marker, skipping fill bytes (0xFF padding) before it. Running out of bytes is a {@link Malformed} naming the
 * codec.
 */
final class JpegStream {

    final byte[] data;
    int pos;
    private final String codec;

    JpegStream(byte[] data, String codec) {
        this.data = data;
        this.codec = codec;
    }

    int u8() {
        if (pos >= data.length) {
            throw new Malformed("the " + codec + " stream is truncated (" + data.length + " bytes)");
        }
        return data[pos++] & 0xFF;
    }

    int u16() {
        return u8() << 8 | u8();
    }

    /** The next marker's code (the byte after 0xFF), skipping anything before it. */
    int marker() {
        int b = u8();
        while (b != 0xFF) {
            b = u8();
        }
        while (b == 0xFF) {
            b = u8();
        }
        return b;
    }
}
