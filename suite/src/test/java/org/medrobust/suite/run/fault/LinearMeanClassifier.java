package org.medrobust.suite.run.fault;

import java.util.List;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.suite.fixtures.TinyData;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.testing.FixedIdentityClassifier;

/**
 * logit_k = w[k] * mean(image) + b[k] with w = (-1.5, 1.5), b = (0.75, -0.75): class 1 when the mean exceeds 0.5.
 * Its four weights are writable. Bit 30 of 1.5 turns it into NaN (exponent all ones), bit 30 of 0.75 into 2.55e38.
 */
final class LinearMeanClassifier extends FixedIdentityClassifier implements WritableWeights {

    private float[] w = {-1.5f, 1.5f};
    private float[] b = {0.75f, -0.75f};

    LinearMeanClassifier(String id, ImageShape shape) {
        super(id, "test-linear-mean", "2".repeat(64), shape, TinyData.CLASSES);
    }

    @Override
    public Logits predict(ImageBatch batch) {
        int pixels = batch.shape().pixels();
        float[] logits = new float[batch.size() * 2];
        for (int i = 0; i < batch.size(); i++) {
            float mean = 0;
            for (int p = i * pixels; p < (i + 1) * pixels; p++) {
                mean += batch.data()[p];
            }
            mean /= pixels;
            for (int k = 0; k < 2; k++) {
                logits[i * 2 + k] = w[k] * mean + b[k];
            }
        }
        return new Logits(batch.size(), 2, logits);
    }

    @Override
    public List<WeightTensor> tensors() {
        return List.of(new WeightTensor("w", new long[] {2}), new WeightTensor("b", new long[] {2}));
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
