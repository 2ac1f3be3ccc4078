package org.medrobust.datasets.medmnist;

import java.util.Arrays;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.npz.NpyArray;

/** Checks and converts the labels of one split: integers of shape (N,) or (N, 1), non-negative, one per image. */
final class SplitLabels {

    /** More classes than this is taken for a corrupt file rather than a task. */
    static final int MAX_CLASSES = 10_000;

    private SplitLabels() {
    }

    static int[] of(NpyArray array, int imageCount, String imagesName, String file) {
        String where = file + ": " + array.name();
        long[] dims = array.shape();
        if (dims.length == 2 && dims[1] > 1) {
            throw new InvalidInputException(where + " has shape " + Arrays.toString(dims) + ", " + dims[1]
                    + " labels per image (multi-label); multi-label tasks are not supported yet, use a single-label file");
        }
        if (!(dims.length == 1 || dims.length == 2 && dims[1] == 1)) {
            throw new InvalidInputException(where + " has shape " + Arrays.toString(dims) + "; expected labels of shape (N,) or (N, 1)");
        }
        if (!array.type().isInteger()) {
            throw new InvalidInputException(where + " holds " + array.type().typeName()
                    + " labels; labels must be integers, convert them with numpy (labels.astype(np.int64))");
        }
        if (dims[0] != imageCount) {
            throw new InvalidInputException(where + " has " + dims[0] + " labels but " + imagesName + " has " + imageCount
                    + " images; each image needs exactly one label, re-export the file");
        }
        int[] labels;
        try {
            labels = array.toInts();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= MAX_CLASSES) {
                throw new InvalidInputException(where + " holds the label " + labels[i] + " at index " + i
                        + "; labels must be class indices from 0 to " + (MAX_CLASSES - 1));
            }
        }
        return labels;
    }
}
