package org.medrobust.datasets.dicom;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * JPEG Baseline and Extended pixel data (PS3.5 section A.4.1), decoded by the JDK's javax.imageio JPEG reader. That
 * reader handles 8-bit precision only: 12-bit JPEG Extended goes to {@link Jpeg12BitDecoder} (TwelveMonkeys, the
 * other candidate, delegates lossy JPEG to the same JDK reader). Colour frames come
 * back as RGB: the reader converts YCbCr itself (as it reads the JPEG's own markers), whatever the file's
 * photometric interpretation says (YBR_FULL, YBR_FULL_422 or RGB), which is what PS3.5 section 8.2.1 intends.
 */
final class JpegPixels {

    private JpegPixels() {
    }

    static double[] frame(DicomDataSet set, PixelModule module, int frame) {
        byte[] bytes = EncapsulatedFrames.frame(set, module, frame);
        if (Jpeg12BitDecoder.isTwelveBit(bytes)) {
            return CodecPixels.planes(Jpeg12BitDecoder.decode(bytes), set.syntax(), module, frame);
        }
        BufferedImage image = ImageIoCodec.JDK_JPEG.decode(bytes, set.syntax());
        if (image.getWidth() != module.columns() || image.getHeight() != module.rows()) {
            throw new Malformed("the JPEG stream of frame " + frame + " is " + image.getWidth() + " x " + image.getHeight()
                    + " but the header says " + module.columns() + " x " + module.rows());
        }
        Raster raster = image.getRaster();
        int n = module.pixels();
        double[] planes = new double[n * module.samples()];
        if (module.gray()) {
            if (raster.getNumBands() != 1) {
                throw new Malformed("the JPEG stream of frame " + frame + " has " + raster.getNumBands()
                        + " components but the header says 1 sample per pixel");
            }
            for (int p = 0; p < n; p++) {
                planes[p] = raster.getSample(p % module.columns(), p / module.columns(), 0);
            }
            return planes;
        }
        for (int p = 0; p < n; p++) {
            int rgb = image.getRGB(p % module.columns(), p / module.columns());
            planes[p] = rgb >> 16 & 0xff;
            planes[n + p] = rgb >> 8 & 0xff;
            planes[2 * n + p] = rgb & 0xff;
        }
        return planes;
    }
}
