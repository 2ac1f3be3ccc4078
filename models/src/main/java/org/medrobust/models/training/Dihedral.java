package org.medrobust.models.training;

/**
 * The eight flips and quarter turns of a square image: label-preserving augmentation for images without a preferred
 * orientation (phantoms, whose bodies, organs and lesions have none). Multiplies a small train split's variety by eight.
 */
final class Dihedral {

    static final int COUNT = 8;

    private Dihedral() {
    }

    /**
     * Writes transform {@code k} (0 = identity) of a (C, side, side) image from {@code in} at {@code from} to
     * {@code out} at {@code to}: bit 0 flips x, bit 1 flips y, bit 2 swaps x and y.
     */
    static void apply(int k, float[] in, int from, float[] out, int to, int channels, int side) {
        boolean flipX = (k & 1) != 0;
        boolean flipY = (k & 2) != 0;
        boolean transpose = (k & 4) != 0;
        int plane = side * side;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int sx = flipX ? side - 1 - x : x;
                    int sy = flipY ? side - 1 - y : y;
                    int source = transpose ? sx * side + sy : sy * side + sx;
                    out[to + c * plane + y * side + x] = in[from + c * plane + source];
                }
            }
        }
    }
}
