package org.medrobust.datasets.dicom;

import java.awt.image.Raster;

/**
 * Encapsulated pixel data (PS3.5 section A.4) decoded by a codec into a raster: JPEG Lossless (TwelveMonkeys), JPEG
 * 2000 (JJ2000), JPEG-LS ({@link JpegLsDecoder}) and 12-bit JPEG ({@link Jpeg12BitDecoder}). The codec's samples are
 * the stored values: they are masked to Bits Stored and sign-extended when Pixel Representation is 1, whatever sign
 * the codestream declares (the two can disagree: J2K_pixelrep_mismatch.dcm does, and pydicom reads it this way too).
 */
final class CodecPixels {

    private CodecPixels() {
    }

    /** The stored values of one frame, channel planes one after another. */
    static double[] frame(DicomDataSet set, PixelModule module, int frame) {
        byte[] bytes = EncapsulatedFrames.frame(set, module, frame);
        TransferSyntax syntax = set.syntax();
        Raster raster = switch (syntax.pixels) {
            case JPEG_LOSSLESS -> ImageIoCodec.TWELVEMONKEYS_JPEG.decode(bytes, syntax).getRaster();
            case JPEG_2000 -> ImageIoCodec.JJ2000.decode(bytes, syntax).getRaster();
            case JPEG_LS -> JpegLsDecoder.decode(bytes);
            default -> throw new IllegalStateException(syntax.named() + " is not decoded by a codec");
        };
        return planes(raster, syntax, module, frame);
    }

    /** A decoded frame's samples as stored values, checked against the header's size. */
    static double[] planes(Raster raster, TransferSyntax syntax, PixelModule module, int frame) {
        if (raster.getWidth() != module.columns() || raster.getHeight() != module.rows()
                || raster.getNumBands() != module.samples()) {
            throw new Malformed("the " + syntax.named() + " stream of frame " + frame + " is " + raster.getWidth() + " x "
                    + raster.getHeight() + " x " + raster.getNumBands() + " but the header says " + module.columns()
                    + " x " + module.rows() + " x " + module.samples());
        }
        int n = module.pixels();
        long mask = (1L << module.bitsStored()) - 1;
        long signBit = 1L << (module.bitsStored() - 1);
        int[] row = new int[module.columns()];
        double[] planes = new double[n * module.samples()];
        for (int band = 0; band < module.samples(); band++) {
            for (int y = 0; y < module.rows(); y++) {
                raster.getSamples(0, y, module.columns(), 1, band, row);
                for (int x = 0; x < module.columns(); x++) {
                    long value = row[x] & mask;
                    planes[band * n + y * module.columns() + x] = module.signed() && (value & signBit) != 0
                            ? value - (mask + 1) : value;
                }
            }
        }
        return planes;
    }
}
