package org.medrobust.perturbations.ops;

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
 * A JPEG encode-decode round trip through javax.imageio (the JDK's IJG-based codec, baseline, standard tables
 * scaled by the IJG quality rule, 4:2:0 chroma for RGB): what {@code PIL.Image.save(f, 'JPEG', quality=q)}
 * followed by a decode does, with another encoder, so not bit-exact. Gray images are coded as one component.
 */
public final class Jpeg {

    /** Creating a writer costs more than coding a 28 px image: one per thread, reused. */
    private static final ThreadLocal<ImageWriter> WRITER =
            ThreadLocal.withInitial(() -> ImageIO.getImageWritersByFormatName("jpeg").next());

    private Jpeg() {
    }

    /** The image after JPEG at the given IJG quality (1..100). */
    public static Image roundTrip(Image image, int quality) {
        ImageShape shape = image.shape();
        int h = shape.height();
        int w = shape.width();
        boolean rgb = shape.channels() == 3;
        BufferedImage decoded = decode(encode(buffered(image), quality));
        int[][] out = new int[shape.channels()][h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (rgb) {
                    int argb = decoded.getRGB(x, y);
                    out[0][i] = argb >> 16 & 0xff;
                    out[1][i] = argb >> 8 & 0xff;
                    out[2][i] = argb & 0xff;
                } else {
                    out[0][i] = decoded.getRaster().getSample(x, y, 0);
                }
            }
        }
        return Planes.fromBytes(shape, out);
    }

    /** The JPEG file the round trip decodes (site fit's tests read its quantisation tables back). */
    public static byte[] encoded(Image image, int quality) {
        return encode(buffered(image), quality);
    }

    /** 8-bit gray or RGB ({@code round(255 x)}, clipped). */
    private static BufferedImage buffered(Image image) {
        ImageShape shape = image.shape();
        int[][] bytes = Planes.toBytes(image);
        int h = shape.height();
        int w = shape.width();
        boolean rgb = shape.channels() == 3;
        BufferedImage buffered = new BufferedImage(w, h, rgb ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (rgb) {
                    buffered.setRGB(x, y, bytes[0][i] << 16 | bytes[1][i] << 8 | bytes[2][i]);
                } else {
                    buffered.getRaster().setSample(x, y, 0, bytes[0][i]);
                }
            }
        }
        return buffered;
    }

    private static byte[] encode(BufferedImage image, int quality) {
        ImageWriter writer = WRITER.get();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed in memory", e);
        } finally {
            writer.reset();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage decode(byte[] jpeg) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG decoding failed in memory", e);
        }
    }
}
