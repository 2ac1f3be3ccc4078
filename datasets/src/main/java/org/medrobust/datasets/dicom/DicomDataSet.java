package org.medrobust.datasets.dicom;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The top-level elements of one parsed file (sequences are skipped, not kept) and where its pixel data lies: one
 * native block, or encapsulated fragments (the basic offset table first).
 *
 * @param syntax    the transfer syntax of the data set
 * @param data      the bytes the offsets refer to (the inflated data set for the deflated syntax)
 * @param elements  tag (group << 16 | element) to its value's place in {@code data}
 * @param pixels    the native pixel data's place, or null when encapsulated or absent
 * @param fragments the encapsulated items (basic offset table first), or null when native or absent
 */
record DicomDataSet(TransferSyntax syntax, byte[] data, Map<Integer, Value> elements, Value pixels,
                    List<Value> fragments) {

    /** Where one value lies in {@code data}. */
    record Value(int offset, int length) {
    }

    static final int ROWS = 0x0028_0010;
    static final int COLUMNS = 0x0028_0011;
    static final int SAMPLES_PER_PIXEL = 0x0028_0002;
    static final int PHOTOMETRIC = 0x0028_0004;
    static final int PLANAR_CONFIGURATION = 0x0028_0006;
    static final int NUMBER_OF_FRAMES = 0x0028_0008;
    static final int BITS_ALLOCATED = 0x0028_0100;
    static final int BITS_STORED = 0x0028_0101;
    static final int HIGH_BIT = 0x0028_0102;
    static final int PIXEL_REPRESENTATION = 0x0028_0103;
    static final int WINDOW_CENTER = 0x0028_1050;
    static final int WINDOW_WIDTH = 0x0028_1051;
    static final int RESCALE_INTERCEPT = 0x0028_1052;
    static final int RESCALE_SLOPE = 0x0028_1053;
    static final int PATIENT_ID = 0x0010_0020;

    ByteOrder order() {
        return syntax.order;
    }

    boolean has(int tag) {
        Value value = elements.get(tag);
        return value != null && value.length() > 0;
    }

    /** An unsigned short (VR US), or {@code fallback} when absent. */
    int unsignedShort(int tag, int fallback) {
        Value value = elements.get(tag);
        if (value == null || value.length() == 0) {
            return fallback;
        }
        if (value.length() < 2) {
            throw new Malformed(name(tag) + " holds " + value.length() + " byte(s), an unsigned short needs 2");
        }
        return DicomBuffer.u16(data, value.offset(), order());
    }

    /** A required unsigned short. */
    int unsignedShort(int tag) {
        if (!has(tag)) {
            throw new Malformed("the image has no " + name(tag));
        }
        return unsignedShort(tag, 0);
    }

    /** Text (VR CS, IS, DS, UI, LO), with the format's space and NUL padding stripped; "" when absent. */
    String text(int tag) {
        Value value = elements.get(tag);
        if (value == null) {
            return "";
        }
        String text = new String(data, value.offset(), value.length(), StandardCharsets.ISO_8859_1);
        return text.replace('\0', ' ').strip();
    }

    /** The first value of a decimal or integer string (VR DS, IS), or {@code fallback} when absent. */
    double number(int tag, double fallback) {
        String text = text(tag);
        if (text.isEmpty()) {
            return fallback;
        }
        String first = text.split("\\\\", -1)[0].strip();
        try {
            double value = Double.parseDouble(first);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new Malformed(name(tag) + " holds " + Malformed.printable(text) + ", not a number");
        }
    }

    static String name(int tag) {
        String label = switch (tag) {
            case ROWS -> "Rows";
            case COLUMNS -> "Columns";
            case SAMPLES_PER_PIXEL -> "Samples per Pixel";
            case PHOTOMETRIC -> "Photometric Interpretation";
            case PLANAR_CONFIGURATION -> "Planar Configuration";
            case NUMBER_OF_FRAMES -> "Number of Frames";
            case BITS_ALLOCATED -> "Bits Allocated";
            case BITS_STORED -> "Bits Stored";
            case HIGH_BIT -> "High Bit";
            case PIXEL_REPRESENTATION -> "Pixel Representation";
            case WINDOW_CENTER -> "Window Center";
            case WINDOW_WIDTH -> "Window Width";
            case RESCALE_INTERCEPT -> "Rescale Intercept";
            case RESCALE_SLOPE -> "Rescale Slope";
            default -> "element";
        };
        return String.format("%s (%04X,%04X)", label, tag >>> 16, tag & 0xffff);
    }
}
