package org.medrobust.models.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.djl.Scalars;

/**
 * Per-channel standardisation inside the network, (x - mean_c) / std_c, so that models take [0, 1] images as the
 * {@code Classifier} contract says. The statistics come from the train split and are part of the architecture's
 * configuration (and so of its model card).
 */
public final class Normalisation {

    private Normalisation() {
    }

    /** A block computing (x - mean_c) / std_c on (N, C, H, W) input. */
    public static Block block(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("need one mean and one std per channel, got " + mean.length + " and "
                    + std.length);
        }
        if (mean.length == 1) {
            float m = (float) mean[0];
            float s = (float) std[0];
            return LambdaBlock.singleton(x -> x.sub(m).div(Scalars.of(x, s)), "normalise");
        }
        float[] m = toFloats(mean);
        float[] s = toFloats(std);
        return LambdaBlock.singleton(x -> {
            NDManager manager = x.getManager();
            NDArray meanArray = manager.create(m).reshape(1, m.length, 1, 1);
            NDArray stdArray = manager.create(s).reshape(1, s.length, 1, 1);
            return x.sub(meanArray).div(stdArray);
        }, "normalise");
    }

    /** Per-channel {mean, std} of every pixel of a data set (std floored at 1e-3 for constant channels). */
    public static double[][] statistics(Dataset data) {
        ImageShape shape = data.shape();
        int channels = shape.channels();
        int plane = shape.height() * shape.width();
        double[] sum = new double[channels];
        double[] squares = new double[channels];
        for (int i = 0; i < data.size(); i++) {
            float[] pixels = data.image(i).pixels();
            for (int c = 0; c < channels; c++) {
                for (int p = c * plane; p < (c + 1) * plane; p++) {
                    sum[c] += pixels[p];
                    squares[c] += (double) pixels[p] * pixels[p];
                }
            }
        }
        double n = (double) data.size() * plane;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = round(sum[c] / n);
            std[c] = round(Math.max(1e-3, Math.sqrt(Math.max(0, squares[c] / n - (sum[c] / n) * (sum[c] / n)))));
        }
        return new double[][] {mean, std};
    }

    /** Four decimals: enough for standardisation, and short in a model card. */
    private static double round(double value) {
        return Math.round(value * 1e4) / 1e4;
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
