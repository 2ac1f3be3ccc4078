package org.medrobust.datasets.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes small synthetic DICOM Part 10 files, explicit VR little endian, for tests of hostile or odd headers. */
final class DicomFiles {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Preamble, "DICM" and a meta group naming the transfer syntax. */
    static DicomFiles part10(String transferSyntaxUid) {
        DicomFiles file = new DicomFiles();
        file.out.writeBytes(new byte[128]);
        file.out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        String uid = transferSyntaxUid.length() % 2 == 0 ? transferSyntaxUid : transferSyntaxUid + "\0";
        file.element(0x0002, 0x0010, "UI", uid.getBytes(StandardCharsets.US_ASCII));
        return file;
    }

    /** A gray 16-bit image header (rows x columns, 1 frame) without pixel data. */
    DicomFiles grayHeader(int rows, int columns) {
        us(0x0028, 0x0002, 1);
        element(0x0028, 0x0004, "CS", "MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
        us(0x0028, 0x0010, rows);
        us(0x0028, 0x0011, columns);
        us(0x0028, 0x0100, 16);
        us(0x0028, 0x0101, 16);
        us(0x0028, 0x0102, 15);
        us(0x0028, 0x0103, 0);
        return this;
    }

    DicomFiles us(int group, int element, int value) {
        return element(group, element, "US", new byte[] {(byte) value, (byte) (value >> 8)});
    }

    /** An element with a short (16-bit length) VR, or OB/OW/SQ/UN with the long form. */
    DicomFiles element(int group, int element, String vr, byte[] value) {
        return header(group, element, vr, value.length).raw(value);
    }

    /** Just a header, with any 32-bit length (to lie about what follows). */
    DicomFiles header(int group, int element, String vr, long length) {
        u16(group);
        u16(element);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN")) {
            u16(0);
            u32(length);
        } else {
            u16((int) length);
        }
        return this;
    }

    /** An item or delimiter tag (FFFE,xxxx) with a 32-bit length. */
    DicomFiles item(int element, long length) {
        u16(0xFFFE);
        u16(element);
        u32(length);
        return this;
    }

    DicomFiles raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void u16(int value) {
        out.write(value);
        out.write(value >> 8);
    }

    private void u32(long value) {
        u16((int) (value & 0xffff));
        u16((int) (value >>> 16 & 0xffff));
    }
}
