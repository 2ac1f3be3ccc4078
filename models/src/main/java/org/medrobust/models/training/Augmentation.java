package org.medrobust.models.training;

import java.util.Locale;
import java.util.SplittableRandom;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;

/**
 * Label-preserving random transforms of training images, drawn from the training run's seeded stream so that a seed
 * fixes them. Each writes one (C, H, W) image from {@code in} into {@code out} at {@code to}.
 */
public enum Augmentation {

    /** The image as it is; draws nothing. */
    NONE {
        @Override
        public void apply(SplittableRandom random, float[] in, float[] out, int to, ImageShape shape) {
            System.arraycopy(in, 0, out, to, in.length);
        }
    },

    /** One of the eight flips and quarter turns (square images only): for images with no preferred orientation. */
    DIHEDRAL {
        @Override
        public void apply(SplittableRandom random, float[] in, float[] out, int to, ImageShape shape) {
            Dihedral.apply(random.nextInt(Dihedral.COUNT), in, 0, out, to, shape.channels(), shape.width());
        }

        @Override
        public void check(ImageShape shape) {
            if (shape.height() != shape.width()) {
                throw new InvalidInputException("the flip and turn augmentation needs square images, got " + shape);
            }
        }
    },

    /**
     * A left-right flip with probability 1/2, then a shift by up to {@value #MAX_SHIFT} pixels in x and y, the border
     * repeated into the uncovered edge: for scans with an up and a down (X-ray, ultrasound).
     */
    FLIP_SHIFT {
        @Override
        public void apply(SplittableRandom random, float[] in, float[] out, int to, ImageShape shape) {
            boolean flip = random.nextBoolean();
            int dx = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
            int dy = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
            int height = shape.height();
            int width = shape.width();
            for (int c = 0; c < shape.channels(); c++) {
                int plane = c * height * width;
                for (int y = 0; y < height; y++) {
                    int sy = Math.clamp(y - dy, 0, height - 1);
                    for (int x = 0; x < width; x++) {
                        int sx = Math.clamp(x - dx, 0, width - 1);
                        if (flip) {
                            sx = width - 1 - sx;
                        }
                        out[to + plane + y * width + x] = in[plane + sy * width + sx];
                    }
                }
            }
        }
    };

    /** Largest shift of {@link #FLIP_SHIFT}, in pixels. */
    public static final int MAX_SHIFT = 2;

    /**
     * Writes the transformed {@code in} (one image of {@code shape}) into {@code out} from index {@code to}.
     */
    public abstract void apply(SplittableRandom random, float[] in, float[] out, int to, ImageShape shape);

    /** Fails with a one-line message if the transform cannot take images of {@code shape}. */
    public void check(ImageShape shape) {
    }

    /** The name used on the command line and in model cards: "none", "dihedral", "flip-shift". */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Augmentation parse(String text) {
        for (Augmentation augmentation : values()) {
            if (augmentation.key().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return augmentation;
            }
        }
        throw new InvalidInputException("unknown augmentation '" + text + "': use none, dihedral or flip-shift");
    }
}
