package org.medrobust.datasets.dicom;

import static org.medrobust.datasets.dicom.DicomDataSet.BITS_ALLOCATED;
import static org.medrobust.datasets.dicom.DicomDataSet.BITS_STORED;
import static org.medrobust.datasets.dicom.DicomDataSet.COLUMNS;
import static org.medrobust.datasets.dicom.DicomDataSet.HIGH_BIT;
import static org.medrobust.datasets.dicom.DicomDataSet.NUMBER_OF_FRAMES;
import static org.medrobust.datasets.dicom.DicomDataSet.PHOTOMETRIC;
import static org.medrobust.datasets.dicom.DicomDataSet.PIXEL_REPRESENTATION;
import static org.medrobust.datasets.dicom.DicomDataSet.PLANAR_CONFIGURATION;
import static org.medrobust.datasets.dicom.DicomDataSet.ROWS;
import static org.medrobust.datasets.dicom.DicomDataSet.SAMPLES_PER_PIXEL;

import java.util.Set;

/**
 * The Image Pixel module (PS3.3 section C.7.6.3) of one file, checked: what the pixel data's bits mean.
 *
 * @param highBit the stored bits' top bit; values are shifted down by {@code highBit + 1 - bitsStored}
 * @param signed  pixel representation 1 (two's complement)
 * @param planar  planar configuration 1 (RRR...GGG...BBB...) rather than 0 (RGBRGB...)
 */
record PixelModule(int rows, int columns, int samples, String photometric, boolean planar, int frames,
                   int bitsAllocated, int bitsStored, int highBit, boolean signed) {

    /** Values of one frame above this are refused before anything is allocated (a 4096 x 4096 gray image fits). */
    static final int MAX_FRAME_VALUES = 1 << 24;

    private static final Set<String> GRAY = Set.of("MONOCHROME1", "MONOCHROME2");
    private static final Set<String> COLOUR = Set.of("RGB", "YBR_FULL", "YBR_FULL_422", "YBR_RCT", "YBR_ICT");

    static PixelModule of(DicomDataSet set) {
        int rows = set.unsignedShort(ROWS);
        int columns = set.unsignedShort(COLUMNS);
        int samples = set.unsignedShort(SAMPLES_PER_PIXEL, 1);
        String photometric = set.text(PHOTOMETRIC);
        if (photometric.isEmpty()) {
            photometric = samples == 1 ? "MONOCHROME2" : "RGB";
        }
        double frameCount = set.number(NUMBER_OF_FRAMES, 1);
        int bitsAllocated = set.unsignedShort(BITS_ALLOCATED);
        int bitsStored = set.unsignedShort(BITS_STORED, bitsAllocated);
        int highBit = set.unsignedShort(HIGH_BIT, bitsStored - 1);
        int representation = set.unsignedShort(PIXEL_REPRESENTATION, 0);
        if (rows == 0 || columns == 0) {
            throw new Malformed("the image is " + rows + " x " + columns + " pixels; both must be positive");
        }
        if (frameCount < 1 || frameCount > Integer.MAX_VALUE || frameCount != Math.rint(frameCount)) {
            throw new Malformed(DicomDataSet.name(NUMBER_OF_FRAMES) + " is " + frameCount + "; expected a positive integer");
        }
        if (!(samples == 1 && GRAY.contains(photometric) || samples == 3 && COLOUR.contains(photometric))) {
            throw new Malformed("photometric interpretation " + Malformed.printable(photometric) + " with " + samples
                    + " sample(s) per pixel is not supported; supported are MONOCHROME1/2 (1 sample) and RGB, YBR_FULL,"
                    + " YBR_FULL_422, YBR_RCT, YBR_ICT (3 samples)");
        }
        if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new Malformed(DicomDataSet.name(BITS_ALLOCATED) + " is " + bitsAllocated + "; supported are 1, 8, 16, 32");
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw new Malformed("bits stored " + bitsStored + " with high bit " + highBit + " do not fit in "
                    + bitsAllocated + " bits allocated");
        }
        if (representation > 1) {
            throw new Malformed(DicomDataSet.name(PIXEL_REPRESENTATION) + " is " + representation + "; expected 0 or 1");
        }
        if ((long) rows * columns * samples > MAX_FRAME_VALUES) {
            throw new Malformed("a frame of " + rows + " x " + columns + " x " + samples + " values is larger than the "
                    + MAX_FRAME_VALUES + " this reader holds; refused");
        }
        return new PixelModule(rows, columns, samples, photometric, set.unsignedShort(PLANAR_CONFIGURATION, 0) == 1,
                (int) frameCount, bitsAllocated, bitsStored, highBit, representation == 1);
    }

    int pixels() {
        return rows * columns;
    }

    boolean gray() {
        return samples == 1;
    }

    /** A stored value (as read from its bits-allocated container) masked to its bits and sign-extended. */
    long stored(long raw) {
        long value = raw >>> (highBit + 1 - bitsStored) & ((1L << bitsStored) - 1);
        if (signed && (value >>> (bitsStored - 1) & 1) == 1) {
            value -= 1L << bitsStored;
        }
        return value;
    }

    /** 2^bitsStored - 1: the largest unsigned stored value, how colour samples are scaled to [0, 1]. */
    double maxUnsigned() {
        return (double) ((1L << bitsStored) - 1);
    }
}
