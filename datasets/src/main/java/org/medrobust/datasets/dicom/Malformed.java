package org.medrobust.datasets.dicom;

/**
 * A problem in one DICOM file, said without the file's name; {@link DicomReader} prefixes the name and turns it
 * into an {@link org.medrobust.datasets.InvalidInputException}.
 */
final class Malformed extends RuntimeException {

    Malformed(String message) {
        super(message);
    }

    Malformed(String message, Throwable cause) {
        super(message, cause);
    }

    /** Text from a file, safe to put in a one-line message: control characters escaped, at most 64 characters. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < text.length() && i < 64; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return out.append(text.length() > 64 ? "...'" : "'").toString();
    }
}
