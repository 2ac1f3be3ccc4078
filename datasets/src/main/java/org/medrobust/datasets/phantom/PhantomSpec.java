package org.medrobust.datasets.phantom;

import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;

/**
 * Everything that determines a phantom data set. A split of size 0 is left out of the data source.
 *
 * @param seed      root of every random choice
 * @param side      image height and width in pixels
 * @param trainSize images in the train split
 * @param valSize   images in the val split
 * @param testSize  images in the test split
 */
public record PhantomSpec(long seed, int side, int trainSize, int valSize, int testSize) {

    /** The embedded default: MedMNIST-sized (28 x 28) gray images. */
    public static final PhantomSpec DEFAULT = new PhantomSpec(20261126L, 28, 3000, 500, 1000);

    static final int MIN_SIDE = 16;
    static final int MAX_SIDE = 512;

    public PhantomSpec {
        if (side < MIN_SIDE || side > MAX_SIDE) {
            throw new InvalidInputException("phantom: side " + side + " is out of range; use " + MIN_SIDE + " to " + MAX_SIDE + " pixels");
        }
        if (trainSize < 0 || valSize < 0 || testSize < 0 || (long) trainSize + valSize + testSize == 0) {
            throw new InvalidInputException("phantom: split sizes " + trainSize + "/" + valSize + "/" + testSize
                    + " are invalid; use non-negative sizes with at least one split above 0");
        }
        int largest = Math.max(trainSize, Math.max(valSize, testSize));
        if ((long) largest * side * side > Integer.MAX_VALUE) {
            throw new InvalidInputException("phantom: a split of " + largest + " images of " + side + "x" + side
                    + " pixels does not fit one array; use fewer or smaller images");
        }
    }

    /** Number of images in {@code split}. */
    public int size(Split split) {
        return switch (split) {
            case TRAIN -> trainSize;
            case VAL -> valSize;
            case TEST -> testSize;
        };
    }

    /** The canonical text that identifies this spec, used in the data source's hash. */
    String canonical() {
        return "seed=" + seed + ";side=" + side + ";train=" + trainSize + ";val=" + valSize + ";test=" + testSize;
    }
}
