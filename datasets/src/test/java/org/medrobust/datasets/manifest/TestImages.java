package org.medrobust.datasets.manifest;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small test images with javax.imageio; pixel values follow (x + 3y) patterns so tests can predict them. */
public final class TestImages {

    private TestImages() {
    }

    /** 8-bit gray, value(x, y) = (base + x + 3y) mod 256. */
    public static Path gray8(Path file, String format, int size, int base) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.getRaster().setSample(x, y, 0, (base + x + 3 * y) % 256);
            }
        }
        return write(image, format, file);
    }

    /** 16-bit gray, value(x, y) = base + 1000 (x + 3y) (keep it below 65536). */
    public static Path gray16(Path file, String format, int size, int base) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.getRaster().setSample(x, y, 0, base + 1000 * (x + 3 * y));
            }
        }
        return write(image, format, file);
    }

    /** 8-bit RGB: R = x, G = y, B = 200. */
    public static Path rgb8(Path file, String format, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.getRaster().setPixel(x, y, new int[] {x, y, 200});
            }
        }
        return write(image, format, file);
    }

    /** 16-bit RGB: R = 1000 x, G = 1000 y, B = 60000. */
    public static Path rgb16(Path file, int size) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                raster.setPixel(x, y, new int[] {1000 * x, 1000 * y, 60000});
            }
        }
        return write(new BufferedImage(model, raster, false, null), "png", file);
    }

    private static Path write(BufferedImage image, String format, Path file) {
        try {
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no javax.imageio writer for " + format + " " + image);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
