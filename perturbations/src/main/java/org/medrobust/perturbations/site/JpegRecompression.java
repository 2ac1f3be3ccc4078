package org.medrobust.perturbations.site;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;

/**
 * JPEG re-compression for site profiles: 8-bit quantisation ({@code round(255 x)}), encoding by the JDK's baseline
 * JPEG writer at the given quality (ImageIO's 0..1 scale times 100; gray stays one channel, RGB is encoded as YCbCr
 * with the writer's default chroma subsampling) and decoding back. Kept minimal and private to this package on
 * purpose: the corruption library's JPEG corruption (ImageNet-C, package digital) should replace it once both are
 * merged.
 */
final class JpegRecompression {

    private JpegRecompression() {
    }

    static Image roundTrip(Image image, int quality) {
        ImageShape shape = image.shape();
        if (shape.channels() != 1 && shape.channels() != 3) {
            throw new IllegalArgumentException("JPEG needs 1 or 3 channels, got " + shape.channels());
        }
        BufferedImage decoded = decode(encode(toBuffered(image), quality));
        return fromBuffered(decoded, shape);
    }

    /** The JPEG file the round trip decodes ({@link JpegQuality} reads its tables back in tests). */
    static byte[] encoded(Image image, int quality) {
        return encode(toBuffered(image), quality);
    }

    private static BufferedImage toBuffered(Image image) {
        ImageShape shape = image.shape();
        int h = shape.height();
        int w = shape.width();
        boolean gray = shape.channels() == 1;
        BufferedImage buffered = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (gray) {
                    buffered.getRaster().setSample(x, y, 0, byteOf(image.at(0, y, x)));
                } else {
                    buffered.setRGB(x, y, byteOf(image.at(0, y, x)) << 16 | byteOf(image.at(1, y, x)) << 8 | byteOf(image.at(2, y, x)));
                }
            }
        }
        return buffered;
    }

    private static Image fromBuffered(BufferedImage decoded, ImageShape shape) {
        int h = shape.height();
        int w = shape.width();
        float[] out = new float[shape.pixels()];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (shape.channels() == 1) {
                    out[y * w + x] = decoded.getRaster().getSample(x, y, 0) / 255f;
                } else {
                    int rgb = decoded.getRGB(x, y);
                    for (int c = 0; c < 3; c++) {
                        out[(c * h + y) * w + x] = (rgb >> (16 - 8 * c) & 0xff) / 255f;
                    }
                }
            }
        }
        return new Image(shape, out);
    }

    private static int byteOf(float value) {
        return (int) Math.clamp(Math.round(value * 255.0), 0, 255);
    }

    private static byte[] encode(BufferedImage image, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding in memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage decode(byte[] jpeg) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG decoding in memory failed", e);
        }
    }
}
