package org.medrobust.models.mamba;

/**
 * Configuration of a {@link Vim}. Normalisation statistics (per channel) are part of the model: it takes [0, 1]
 * images, (N, channels, imageSize, imageSize).
 *
 * @param imageSize square input side (28..64), divisible by patch
 * @param channels  1 (gray) or 3 (RGB)
 * @param classes   logits
 * @param patch     patch side (conv stride = kernel = patch)
 * @param dModel    token width
 * @param depth     residual bidirectional Mamba blocks
 * @param dState    SSM state size N
 * @param mean      per-channel mean subtracted inside the model
 * @param std       per-channel std divided inside the model
 * @param seed      seeds every initializer
 */
public record VimConfig(int imageSize, int channels, int classes, int patch, int dModel, int depth, int dState,
                        float[] mean, float[] std, long seed) {

    /** Patch side of the documented configuration. */
    public static final int STANDARD_PATCH = 4;

    public VimConfig {
        if (imageSize % patch != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " is not divisible by patch " + patch);
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("need one mean and std per channel");
        }
        if (channels < 1 || classes < 2 || depth < 1 || dModel < 1 || dState < 1) {
            throw new IllegalArgumentException("invalid Vim config");
        }
    }

    /** The documented configuration: patch 4, width 96, 8 blocks, N = 16 (0.66 M parameters at 28x28, 2 classes). */
    public static VimConfig standard(int imageSize, int channels, int classes, long seed) {
        return new VimConfig(imageSize, channels, classes, STANDARD_PATCH, 96, 8, 16, fill(channels, 0.5f),
                fill(channels, 0.25f), seed);
    }

    /** The same network with patches of {@code side} (e.g. 2 at 28 px: 196 patch tokens, as Vim's 224 / 16). */
    public VimConfig withPatch(int side) {
        if (side < 1) {
            throw new IllegalArgumentException("patch must be at least 1, got " + side);
        }
        return new VimConfig(imageSize, channels, classes, side, dModel, depth, dState, mean, std, seed);
    }

    public int patchesPerSide() {
        return imageSize / patch;
    }

    /** M, the number of patch tokens (the sequence is M + 1 with the class token). */
    public int patches() {
        return patchesPerSide() * patchesPerSide();
    }

    /** Vim's middle class token: index M / 2 in the sequence of M + 1 tokens. */
    public int classTokenIndex() {
        return patches() / 2;
    }

    public VimConfig withNormalisation(float[] mean, float[] std) {
        return new VimConfig(imageSize, channels, classes, patch, dModel, depth, dState, mean, std, seed);
    }

    static float[] fill(int n, float v) {
        float[] f = new float[n];
        java.util.Arrays.fill(f, v);
        return f;
    }
}
