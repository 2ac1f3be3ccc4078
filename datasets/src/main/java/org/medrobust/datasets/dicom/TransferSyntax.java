package org.medrobust.datasets.dicom;

import java.nio.ByteOrder;

/**
 * The transfer syntaxes this reader knows (DICOM PS3.5 section 10 and Annex A): how the data set is encoded and how
 * its pixel data is compressed. The one it names but cannot decode (JPEG-LS near-lossless) is refused with its name;
 * any other UID is refused as unknown.
 */
enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Implicit VR Little Endian", false, ByteOrder.LITTLE_ENDIAN, Pixels.NATIVE),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, ByteOrder.LITTLE_ENDIAN, Pixels.NATIVE),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true,
            ByteOrder.LITTLE_ENDIAN, Pixels.NATIVE),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, ByteOrder.BIG_ENDIAN, Pixels.NATIVE),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", "RLE Lossless", true, ByteOrder.LITTLE_ENDIAN, Pixels.RLE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, ByteOrder.LITTLE_ENDIAN, Pixels.JPEG),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 and 4)", true, ByteOrder.LITTLE_ENDIAN, Pixels.JPEG),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, ByteOrder.LITTLE_ENDIAN,
            Pixels.JPEG_LOSSLESS),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 "
            + "[Selection Value 1])", true, ByteOrder.LITTLE_ENDIAN, Pixels.JPEG_LOSSLESS),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", true, ByteOrder.LITTLE_ENDIAN,
            Pixels.JPEG_LS),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", true,
            ByteOrder.LITTLE_ENDIAN, Pixels.UNSUPPORTED),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", true,
            ByteOrder.LITTLE_ENDIAN, Pixels.JPEG_2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true, ByteOrder.LITTLE_ENDIAN, Pixels.JPEG_2000);

    /**
     * How the pixel data is stored: uncompressed, RLE, lossy JPEG (the JDK's reader), JPEG lossless (TwelveMonkeys),
     * JPEG-LS ({@link JpegLsDecoder}), JPEG 2000 (JJ2000), or not decodable here.
     */
    enum Pixels { NATIVE, RLE, JPEG, JPEG_LOSSLESS, JPEG_LS, JPEG_2000, UNSUPPORTED;

        /** True where the codec itself turns YCbCr into RGB (from the codestream's own markers), so the reader must not. */
        boolean codecGivesRgb() {
            return this == JPEG || this == JPEG_2000;
        }
    }

    final String uid;
    final String title;
    final boolean explicitVr;
    final ByteOrder order;
    final Pixels pixels;

    TransferSyntax(String uid, String title, boolean explicitVr, ByteOrder order, Pixels pixels) {
        this.uid = uid;
        this.title = title;
        this.explicitVr = explicitVr;
        this.order = order;
        this.pixels = pixels;
    }

    /** The syntax of a UID (trailing NUL or space padding removed), or a {@link Malformed} naming the UID. */
    static TransferSyntax of(String uid) {
        for (TransferSyntax syntax : values()) {
            if (syntax.uid.equals(uid)) {
                return syntax;
            }
        }
        throw new Malformed("unsupported transfer syntax " + Malformed.printable(uid) + " (not one of the "
                + values().length + " this reader knows, see docs/data.md)");
    }

    /** "JPEG 2000 Image Compression (1.2.840.10008.1.2.4.91)". */
    String named() {
        return title + " (" + uid + ")";
    }
}
