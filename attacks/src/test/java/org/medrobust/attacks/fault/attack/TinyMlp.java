package org.medrobust.attacks.fault.attack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.WeightGradients;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.testing.FixedIdentityClassifier;

/**
 * logits = W2 tanh(W1 x + b1) + b2 on 1x2x3 images, 5 hidden units, 3 classes, computed in double: small enough to
 * search every bit by hand. Weights are seeded Gaussians; the weight gradient is written out by hand (backprop of the
 * summed cross-entropy) and checked against central differences of {@link #loss} in the test.
 */
final class TinyMlp extends FixedIdentityClassifier implements WritableWeights, WeightGradients {

    static final ImageShape SHAPE = new ImageShape(1, 2, 3);
    static final int D = 6;
    static final int H = 5;
    static final int K = 3;

    final Map<String, double[]> weights = new LinkedHashMap<>();

    TinyMlp(long seed) {
        super("tiny_mlp", "test-mlp", "3".repeat(64), SHAPE, List.of("a", "b", "c"));
        SplittableRandom random = new SplittableRandom(seed);
        weights.put("fc1.weight", gaussian(random, H * D, 1.2));
        weights.put("fc1.bias", gaussian(random, H, 0.3));
        weights.put("fc2.weight", gaussian(random, K * H, 1.5));
        weights.put("fc2.bias", gaussian(random, K, 0.3));
    }

    private static double[] gaussian(SplittableRandom random, int n, double sd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (sd * gauss(random));
        }
        return v;
    }

    private static double gauss(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Override
    public Logits predict(ImageBatch batch) {
        float[] out = new float[batch.size() * K];
        for (int n = 0; n < batch.size(); n++) {
            double[] z = forward(batch.data(), n, new double[H]);
            for (int k = 0; k < K; k++) {
                out[n * K + k] = (float) z[k];
            }
        }
        return new Logits(batch.size(), K, out);
    }

    /** The logits of sample n; {@code hidden} receives tanh(W1 x + b1). */
    private double[] forward(float[] images, int n, double[] hidden) {
        double[] w1 = weights.get("fc1.weight");
        double[] b1 = weights.get("fc1.bias");
        double[] w2 = weights.get("fc2.weight");
        double[] b2 = weights.get("fc2.bias");
        for (int j = 0; j < H; j++) {
            double a = b1[j];
            for (int d = 0; d < D; d++) {
                a += w1[j * D + d] * images[n * D + d];
            }
            hidden[j] = Math.tanh(a);
        }
        double[] z = new double[K];
        for (int k = 0; k < K; k++) {
            z[k] = b2[k];
            for (int j = 0; j < H; j++) {
                z[k] += w2[k * H + j] * hidden[j];
            }
        }
        return z;
    }

    /** Summed cross-entropy in double. */
    double loss(ImageBatch batch, int[] labels) {
        double sum = 0;
        for (int n = 0; n < batch.size(); n++) {
            double[] z = forward(batch.data(), n, new double[H]);
            double max = Math.max(z[0], Math.max(z[1], z[2]));
            double s = 0;
            for (double v : z) {
                s += Math.exp(v - max);
            }
            sum += max + Math.log(s) - z[labels[n]];
        }
        return sum;
    }

    @Override
    public WeightGradient weightGradient(ImageBatch batch, int[] labels) {
        Map<String, double[]> grad = new LinkedHashMap<>();
        weights.forEach((name, w) -> grad.put(name, new double[w.length]));
        double[] w2 = weights.get("fc2.weight");
        for (int n = 0; n < batch.size(); n++) {
            double[] h = new double[H];
            double[] z = forward(batch.data(), n, h);
            double max = Math.max(z[0], Math.max(z[1], z[2]));
            double s = 0;
            for (double v : z) {
                s += Math.exp(v - max);
            }
            double[] dz = new double[K];
            for (int k = 0; k < K; k++) {
                dz[k] = Math.exp(z[k] - max) / s - (k == labels[n] ? 1 : 0);
                grad.get("fc2.bias")[k] += dz[k];
                for (int j = 0; j < H; j++) {
                    grad.get("fc2.weight")[k * H + j] += dz[k] * h[j];
                }
            }
            for (int j = 0; j < H; j++) {
                double dh = 0;
                for (int k = 0; k < K; k++) {
                    dh += w2[k * H + j] * dz[k];
                }
                double da = dh * (1 - h[j] * h[j]);
                grad.get("fc1.bias")[j] += da;
                for (int d = 0; d < D; d++) {
                    grad.get("fc1.weight")[j * D + d] += da * batch.data()[n * D + d];
                }
            }
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        grad.forEach((name, g) -> {
            float[] f = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                f[i] = (float) g[i];
            }
            out.put(name, f);
        });
        return new WeightGradient(predict(batch), out);
    }

    @Override
    public List<WeightTensor> tensors() {
        return List.of(new WeightTensor("fc1.weight", new long[] {H, D}), new WeightTensor("fc1.bias", new long[] {H}),
                new WeightTensor("fc2.weight", new long[] {K, H}), new WeightTensor("fc2.bias", new long[] {K}));
    }

    @Override
    public float[] read(String name) {
        double[] w = weights.get(name);
        float[] f = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            f[i] = (float) w[i];
        }
        return f;
    }

    @Override
    public void write(String name, float[] values) {
        double[] w = new double[values.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = values[i];
        }
        weights.put(name, w);
    }
}
