package org.medrobust.suite.run.fault;

import java.util.List;
import java.util.Map;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.suite.fixtures.TinyData;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.WeightGradients;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.testing.FixedIdentityClassifier;

/**
 * Softmax regression on the pixels, logits = W x + b with W (2 x pixels): pixel p votes for "bright" with weight
 * c_p = 10 (1 + sin p / 2) / pixels (pixel 0 with 2.5: a large weight sets the int8 step, so one flipped high bit
 * moves a logit by about that much) and against it with -c_p, b = (S/2, -S/2) with S = sum c_p, so class 1 when the
 * c-weighted mean exceeds 0.5. W is a rank-2 tensor (what the Bit-Flip Attack quantises), with its hand-written
 * gradient dL/dW = sum_n (softmax_n - onehot_n) x_n^T.
 */
final class PixelSoftmaxClassifier extends FixedIdentityClassifier implements WritableWeights, WeightGradients {

    private float[] w;
    private float[] b;

    PixelSoftmaxClassifier(String id, ImageShape shape) {
        super(id, "test-pixel-softmax", "4".repeat(64), shape, TinyData.CLASSES);
        int pixels = shape.pixels();
        w = new float[2 * pixels];
        float sum = 0;
        for (int p = 0; p < pixels; p++) {
            float c = p == 0 ? 2.5f : (float) (10 * (1 + Math.sin(p) / 2) / pixels);
            w[p] = -c;
            w[pixels + p] = c;
            sum += c;
        }
        b = new float[] {sum / 2, -sum / 2};
    }

    @Override
    public Logits predict(ImageBatch batch) {
        int pixels = inputShape().pixels();
        float[] logits = new float[batch.size() * 2];
        for (int n = 0; n < batch.size(); n++) {
            for (int k = 0; k < 2; k++) {
                float z = b[k];
                for (int p = 0; p < pixels; p++) {
                    z += w[k * pixels + p] * batch.data()[n * pixels + p];
                }
                logits[n * 2 + k] = z;
            }
        }
        return new Logits(batch.size(), 2, logits);
    }

    @Override
    public WeightGradient weightGradient(ImageBatch batch, int[] labels) {
        int pixels = inputShape().pixels();
        Logits logits = predict(batch);
        float[] gw = new float[w.length];
        float[] gb = new float[2];
        for (int n = 0; n < batch.size(); n++) {
            double[] probabilities = logits.probabilities(n);
            for (int k = 0; k < 2; k++) {
                float dz = (float) (probabilities[k] - (k == labels[n] ? 1 : 0));
                gb[k] += dz;
                for (int p = 0; p < pixels; p++) {
                    gw[k * pixels + p] += dz * batch.data()[n * pixels + p];
                }
            }
        }
        return new WeightGradient(logits, Map.of("w", gw, "b", gb));
    }

    @Override
    public List<WeightTensor> tensors() {
        return List.of(new WeightTensor("w", new long[] {2, inputShape().pixels()}), new WeightTensor("b", new long[] {2}));
    }

    @Override
    public float[] read(String name) {
        return (name.equals("w") ? w : b).clone();
    }

    @Override
    public void write(String name, float[] values) {
        if (name.equals("w")) {
            w = values.clone();
        } else {
            b = values.clone();
        }
    }
}
