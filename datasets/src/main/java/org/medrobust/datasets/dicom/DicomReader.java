package org.medrobust.datasets.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;

/**
 * Reads one frame of a DICOM Part 10 image file into a [0, 1] {@link Image}: a focused reader of its own (no DICOM
 * library on Maven Central covers this set), for the transfer syntaxes in {@link TransferSyntax} (uncompressed little
 * and big endian, explicit and implicit VR, deflated; RLE Lossless; 8-bit JPEG Baseline/Extended through
 * javax.imageio; JPEG Lossless through TwelveMonkeys; JPEG 2000 through JJ2000; JPEG-LS lossless and 12-bit JPEG
 * through {@link JpegLsDecoder} and {@link Jpeg12BitDecoder}), MONOCHROME1/2, RGB, YBR_FULL(_422) and YBR_RCT/ICT
 * (JPEG 2000), 1 to 32 bits, signed or not, with the modality rescale and a window (see {@link GrayscaleWindow}).
 * Every problem is one {@link InvalidInputException} naming the file; the whole frame decodes or nothing is returned.
 * Sizes in the header are checked against the bytes present before anything is allocated, so hostile lengths fail
 * in one line rather than exhausting memory.
 */
public final class DicomReader {

    /** Files larger than this are refused unread (the whole file is held in memory while it is parsed). */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private DicomReader() {
    }

    /** The first frame. */
    public static DicomImage read(Path file) {
        return read(file, 0);
    }

    /** Frame {@code frame} (0-based) of a single- or multi-frame file. */
    public static DicomImage read(Path file, int frame) {
        String name = String.valueOf(file.getFileName());
        try {
            return decode(name, readBytes(file), frame);
        } catch (Malformed e) {
            throw new InvalidInputException(file + ": " + e.getMessage().replaceAll("\\s+", " "), e);
        }
    }

    /** True if the bytes start like a DICOM Part 10 file (preamble and "DICM"). */
    public static boolean looksLikeDicom(byte[] head) {
        return head.length >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
    }

    private static byte[] readBytes(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new Malformed("the file has " + size + " bytes, more than the " + (MAX_FILE_BYTES >> 20)
                        + " MiB this reader holds; refused");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read the file (" + e.getMessage() + ")", e);
        }
    }

    private static DicomImage decode(String name, byte[] bytes, int frame) {
        DicomDataSet set = DicomParser.parse(bytes);
        if (set.pixels() == null && set.fragments() == null) {
            throw new Malformed("the file holds no pixel data (7FE0,0010); it is not an image");
        }
        PixelModule module = PixelModule.of(set);
        if (frame < 0 || frame >= module.frames()) {
            throw new Malformed("frame " + frame + " asked for, the file has " + module.frames() + " frame(s) (0 to "
                    + (module.frames() - 1) + ")");
        }
        double[] stored = switch (set.syntax().pixels) {
            case NATIVE -> NativePixels.frame(set, module, frame);
            case RLE -> RlePixels.frame(set, module, frame);
            case JPEG -> JpegPixels.frame(set, module, frame);
            case JPEG_LOSSLESS, JPEG_LS, JPEG_2000 -> CodecPixels.frame(set, module, frame);
            case UNSUPPORTED -> throw new IllegalStateException("refused by the parser");
        };
        ImageShape shape = new ImageShape(module.samples(), module.rows(), module.columns());
        String syntax = set.syntax().named();
        if (module.gray()) {
            return gray(name, syntax, set, module, frame, stored, shape);
        }
        boolean codecRgb = set.syntax().pixels.codecGivesRgb();
        if (!codecRgb && module.photometric().startsWith("YBR_FULL")) {
            ybrToRgb(stored, module);
        } else if (!codecRgb && !"RGB".equals(module.photometric())) {
            throw new Malformed("photometric interpretation " + module.photometric() + " belongs to JPEG 2000, but the"
                    + " pixel data is in " + syntax);
        }
        float[] values = new float[stored.length];
        float[] pixels = new float[stored.length];
        double max = set.syntax().pixels == TransferSyntax.Pixels.JPEG ? 255 : module.maxUnsigned();
        for (int i = 0; i < stored.length; i++) {
            values[i] = (float) stored[i];
            pixels[i] = (float) Math.clamp(stored[i] / max, 0, 1);
        }
        return new DicomImage(name, syntax, module.photometric(), module.frames(), frame, values, new Image(shape, pixels),
                "colour samples / " + (long) max + " -> [0, 1]");
    }

    private static DicomImage gray(String name, String syntax, DicomDataSet set, PixelModule module, int frame,
                                   double[] stored, ImageShape shape) {
        double slope = set.number(DicomDataSet.RESCALE_SLOPE, 1);
        double intercept = set.number(DicomDataSet.RESCALE_INTERCEPT, 0);
        float[] values = new float[stored.length];
        for (int i = 0; i < stored.length; i++) {
            values[i] = (float) (stored[i] * slope + intercept);
        }
        GrayscaleWindow window = GrayscaleWindow.of(set, values);
        boolean invert = "MONOCHROME1".equals(module.photometric());
        float[] pixels = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            float y = window.apply(values[i]);
            pixels[i] = invert ? 1f - y : y;
        }
        String rescale = slope == 1 && intercept == 0 ? "" : "rescale " + slope + " x + " + intercept + ", ";
        return new DicomImage(name, syntax, module.photometric(), module.frames(), frame, values, new Image(shape, pixels),
                rescale + window.describe() + (invert ? ", inverted (MONOCHROME1)" : ""));
    }

    /** YCbCr full range to RGB, in place (PS3.3 section C.7.6.3.1.2; the inverse of its YBR_FULL equations). */
    private static void ybrToRgb(double[] planes, PixelModule module) {
        int n = module.pixels();
        double max = module.maxUnsigned();
        double half = (max + 1) / 2;
        for (int p = 0; p < n; p++) {
            double y = planes[p];
            double cb = planes[n + p] - half;
            double cr = planes[2 * n + p] - half;
            planes[p] = Math.clamp(Math.round(y + 1.402 * cr), 0, max);
            planes[n + p] = Math.clamp(Math.round(y - 0.344136 * cb - 0.714136 * cr), 0, max);
            planes[2 * n + p] = Math.clamp(Math.round(y + 1.772 * cb), 0, max);
        }
    }
}
