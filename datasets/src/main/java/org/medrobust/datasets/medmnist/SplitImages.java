package org.medrobust.datasets.medmnist;

import java.util.Arrays;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.npz.NpyArray;
import org.medrobust.datasets.npz.NpyDtype;

/**
 * The images of one split converted to the project's layout: float32, channels first, values in [0, 1], all in one
 * array. Accepts (N, H, W) and (N, H, W, 1) gray and (N, H, W, 3) RGB, as uint8 (divided by 255) or as floats
 * already in [0, 1].
 *
 * <p>3D volumes (N, D, H, W), as in MedMNIST3D (OrganMNIST3D and the others, D = H = W = 28 or 64), and
 * (N, D, H, W, 1) load as a stack of 2D gray slices: volume n's slice d (along the first spatial axis, numpy's
 * {@code images[n, d]}) becomes image {@code n * D + d}, and carries volume n's label. A 4D array whose last axis is
 * 1 or 3 stays a 2D channels-last image set, as for the 2D files.
 *
 * @param shape  shape of one image
 * @param count  number of images (slices, for volumes)
 * @param depth  slices per volume: D for volumes, 1 for 2D images
 * @param data   count x shape.pixels() values, (N, C, H, W)
 */
record SplitImages(ImageShape shape, int count, int depth, float[] data) {

    /** Images (or volumes) in the file: what the labels count. */
    int labelled() {
        return count / depth;
    }

    static SplitImages of(NpyArray array, String file) {
        String where = file + ": " + array.name();
        long[] dims = array.shape();
        boolean channelsLast = dims.length == 4 && (dims[3] == 1 || dims[3] == 3);
        boolean volumes = dims.length == 4 && !channelsLast || dims.length == 5 && dims[4] == 1;
        if (!(dims.length == 3 || channelsLast || volumes)) {
            throw new InvalidInputException(where + " has shape " + Arrays.toString(dims) + "; expected (N, H, W) gray"
                    + " or (N, H, W, 3) RGB images, or (N, D, H, W) gray volumes");
        }
        if (Arrays.stream(dims).anyMatch(d -> d == 0)) {
            throw new InvalidInputException(where + " has shape " + Arrays.toString(dims)
                    + " and so holds no pixels; remove the empty split or re-export the file");
        }
        float[] values = scaledToUnitRange(array, where);
        if (volumes) {
            int depth = (int) dims[1];
            return new SplitImages(new ImageShape(1, (int) dims[2], (int) dims[3]), Math.toIntExact(dims[0] * depth),
                    depth, values); // C order of (N, D, H, W) is already (N * D, 1, H, W)
        }
        int count = Math.toIntExact(dims[0]);
        ImageShape shape = new ImageShape(channelsLast ? (int) dims[3] : 1, (int) dims[1], (int) dims[2]);
        return new SplitImages(shape, count, 1, shape.channels() == 1 ? values : channelsFirst(values, count, shape));
    }

    /** Each volume's label repeated for its slices (2D images: the labels as they are). */
    int[] perImage(int[] labels) {
        if (depth == 1) {
            return labels;
        }
        int[] expanded = new int[count];
        for (int i = 0; i < count; i++) {
            expanded[i] = labels[i / depth];
        }
        return expanded;
    }

    /** Element values as floats in [0, 1], in C order of the file's layout. */
    private static float[] scaledToUnitRange(NpyArray array, String where) {
        NpyDtype type = array.type();
        float[] values = array.toFloats();
        if (type.kind() == 'u' && type.itemSize() == 1) {
            for (int i = 0; i < values.length; i++) {
                values[i] /= 255f;
            }
            return values;
        }
        if (!type.isFloatingPoint()) {
            throw new InvalidInputException(where + " holds " + type.typeName() + " pixels; expected uint8 (0 to 255)"
                    + " or float values in [0, 1], convert the images with numpy first");
        }
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0f && values[i] <= 1f)) { // also catches NaN
                throw new InvalidInputException(where + " holds the value " + values[i] + " at element " + i
                        + ", outside [0, 1]; scale float images to [0, 1] or store them as uint8");
            }
        }
        return values;
    }

    /** (N, H, W, C) to (N, C, H, W). */
    private static float[] channelsFirst(float[] hwc, int count, ImageShape shape) {
        int channels = shape.channels();
        int plane = shape.height() * shape.width();
        float[] chw = new float[hwc.length];
        for (int n = 0; n < count; n++) {
            int base = n * plane * channels;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < channels; c++) {
                    chw[base + c * plane + p] = hwc[base + p * channels + c];
                }
            }
        }
        return chw;
    }
}
