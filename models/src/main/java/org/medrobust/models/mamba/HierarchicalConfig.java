package org.medrobust.models.mamba;

import java.util.Arrays;

/**
 * Configuration of the hierarchical models ({@link VMamba}, {@link MedMamba}): a patch embedding of stride
 * {@code patch}, then stages of {@code depths[i]} blocks of width {@code dims[i]}, with patch merging (2x2 -> 1,
 * width doubles: dims[i + 1] = 2 dims[i]) between stages. Inputs (N, channels, imageSize, imageSize) in [0, 1].
 */
public record HierarchicalConfig(int imageSize, int channels, int classes, int patch, int[] dims, int[] depths,
                                 int dState, float[] mean, float[] std, long seed) {

    public HierarchicalConfig {
        if (dims.length != depths.length || dims.length == 0) {
            throw new IllegalArgumentException("need one depth per stage width");
        }
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] != 2 * dims[i - 1]) {
                throw new IllegalArgumentException("patch merging doubles the width: " + Arrays.toString(dims));
            }
        }
        for (int d : dims) {
            if (d % 2 != 0) {
                throw new IllegalArgumentException("widths must be even (MedMamba splits channels in half)");
            }
        }
        if (imageSize % patch != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " is not divisible by patch " + patch);
        }
        if (mean.length != channels || std.length != channels || classes < 2) {
            throw new IllegalArgumentException("invalid config");
        }
    }

    /**
     * Patch size for an input side: 2 up to 32 (28 -> 14 x 14 tokens -> 7 x 7 after one merge), 4 above (64 -> 16 ->
     * 8). The papers' patch 4 at 28 x 28 gives 7 x 7 tokens, which the 2x2 merging cannot halve (see
     * docs/mamba-models.md).
     */
    public static int patchFor(int imageSize) {
        return imageSize <= 32 ? 2 : 4;
    }

    /** Side of the token map at stage i (merging zero-pads an odd side, as Swin does). */
    public int side(int stage) {
        int s = imageSize / patch;
        for (int i = 0; i < stage; i++) {
            s = (s + 1) / 2;
        }
        return s;
    }
}
