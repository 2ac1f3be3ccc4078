package org.medrobust.datasets.manifest;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.apache.commons.imaging.ImageFormat;
import org.apache.commons.imaging.ImageFormats;
import org.apache.commons.imaging.ImageInfo;
import org.apache.commons.imaging.Imaging;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.dicom.DicomReader;

/**
 * Decodes one image file of a manifest to a [0, 1] {@link Image}. The format comes from the file's content, not its
 * name: DICOM (Part 10 "DICM" prefix) goes to {@link DicomReader}; PNG, JPEG, TIFF and BMP are recognised and their
 * dimensions read by Apache Commons Imaging (so an oversized image is refused before it is decoded), then decoded by
 * javax.imageio, which reads 16-bit samples. Samples are divided by 2^bits - 1 of their own depth (8-bit by 255,
 * 16-bit by 65535); gray stays one channel, colour (including palette images with any non-gray entry) is RGB; an
 * alpha channel is dropped. Palette images whose entries are all gray are gray.
 */
public final class RasterImages {

    /** Larger images are refused before decoding (a 4096 x 4096 image fits). */
    static final long MAX_PIXELS = 1L << 24;
    static final long MAX_FILE_BYTES = 1L << 30;

    private static final Map<ImageFormats, String> READABLE = Map.of(ImageFormats.PNG, "png", ImageFormats.JPEG, "jpeg",
            ImageFormats.TIFF, "tiff", ImageFormats.BMP, "bmp");

    private RasterImages() {
    }

    /**
     * @param frame the DICOM frame or TIFF page (0-based)
     * @param where "manifest.csv row 7 (a.png)" for errors
     */
    public static Image read(Path file, int frame, String where) {
        byte[] bytes = bytes(file, where);
        if (DicomReader.looksLikeDicom(bytes)) {
            try {
                return DicomReader.read(file, frame).image();
            } catch (InvalidInputException e) {
                throw new InvalidInputException(where + ": " + e.getMessage(), e);
            }
        }
        ImageFormat format = format(bytes, where);
        String imageIoName = READABLE.get(format);
        if (imageIoName == null) {
            throw new InvalidInputException(where + ": a " + format.getName() + " file; medrobust reads PNG, JPEG, TIFF, BMP"
                    + " and DICOM images");
        }
        checkSize(bytes, where);
        return toImage(decode(bytes, imageIoName, frame, where), where);
    }

    private static byte[] bytes(Path file, String where) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidInputException(where + ": the file is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(where + ": cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    private static ImageFormat format(byte[] bytes, String where) {
        try {
            ImageFormat format = Imaging.guessFormat(bytes);
            if (format == ImageFormats.UNKNOWN) {
                throw new InvalidInputException(where + ": not an image medrobust reads (no PNG, JPEG, TIFF, BMP or DICOM"
                        + " signature)");
            }
            return format;
        } catch (IOException e) {
            throw new InvalidInputException(where + ": cannot tell the image format (" + e.getMessage() + ")", e);
        }
    }

    /** Commons Imaging reads the header: refuse absurd dimensions before javax.imageio allocates for them. */
    private static void checkSize(byte[] bytes, String where) {
        ImageInfo info;
        try {
            info = Imaging.getImageInfo(bytes);
        } catch (IOException | RuntimeException e) {
            // some valid files (e.g. JPEGs with unusual markers) defeat the metadata parser: javax.imageio decides
            return;
        }
        if ((long) info.getWidth() * info.getHeight() > MAX_PIXELS || info.getWidth() <= 0 || info.getHeight() <= 0) {
            throw new InvalidInputException(where + ": the image is " + info.getWidth() + " x " + info.getHeight()
                    + " pixels; medrobust reads images up to " + MAX_PIXELS + " pixels");
        }
    }

    private static BufferedImage decode(byte[] bytes, String format, int frame, String where) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new InvalidInputException(where + ": this JDK has no javax.imageio reader for " + format);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, false, true);
            int pages = reader.getNumImages(true);
            if (frame >= pages) {
                throw new InvalidInputException(where + ": frame " + frame + " asked for, the file has " + pages
                        + " image(s)");
            }
            if ((long) reader.getWidth(frame) * reader.getHeight(frame) > MAX_PIXELS) {
                throw new InvalidInputException(where + ": the image is " + reader.getWidth(frame) + " x "
                        + reader.getHeight(frame) + " pixels; medrobust reads images up to " + MAX_PIXELS + " pixels");
            }
            return reader.read(frame);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new InvalidInputException(where + ": cannot decode the " + format.toUpperCase(Locale.ROOT) + " image ("
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " ") + ")", e);
        } finally {
            reader.dispose();
        }
    }

    private static Image toImage(BufferedImage image, String where) {
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        if (model instanceof IndexColorModel palette) {
            boolean gray = isGray(palette);
            float[] pixels = new float[(gray ? 1 : 3) * plane];
            for (int p = 0; p < plane; p++) {
                int rgb = image.getRGB(p % width, p / width);
                pixels[p] = (rgb >> 16 & 0xff) / 255f;
                if (!gray) {
                    pixels[plane + p] = (rgb >> 8 & 0xff) / 255f;
                    pixels[2 * plane + p] = (rgb & 0xff) / 255f;
                }
            }
            return new Image(new ImageShape(gray ? 1 : 3, height, width), pixels);
        }
        int channels = model.getNumColorComponents();
        int type = raster.getTransferType();
        if (channels != 1 && channels != 3 || type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE) {
            throw new InvalidInputException(where + ": " + channels + " colour component(s) of "
                    + (type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE ? "floating-point" : "integer")
                    + " samples; medrobust reads integer gray or RGB images (8 or 16 bits)");
        }
        float[] pixels = new float[channels * plane];
        for (int c = 0; c < channels; c++) {
            double max = (1L << model.getComponentSize(c)) - 1;
            for (int p = 0; p < plane; p++) {
                pixels[c * plane + p] = (float) (raster.getSample(p % width, p / width, c) / max);
            }
        }
        return new Image(new ImageShape(channels, height, width), pixels);
    }

    private static boolean isGray(IndexColorModel palette) {
        for (int i = 0; i < palette.getMapSize(); i++) {
            if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
                return false;
            }
        }
        return true;
    }
}
