package org.medrobust.attacks.evasion.gradient;

import java.util.List;
import java.util.SplittableRandom;
import org.medrobust.attacks.evasion.LinearClassifier;
import org.medrobust.attacks.evasion.PneumoniaFixture;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.InputGradients;
import org.medrobust.models.testing.FixedIdentityClassifier;

/**
 * A model whose only adversarial region is a tiny ball of radius r around the grey image c = 0.5: z_0 = 0,
 * z_1 = r^2 - ||x - c||^2, with exact input gradients. Its test images sit inside the L-inf ball of radius eps
 * around c, so the adversarial point is interior: a fixed-size sign step circles around it at the step's distance,
 * and only a step size that shrinks (APGD's halving at checkpoints) gets within r.
 */
final class BowlClassifier extends FixedIdentityClassifier implements InputGradients {

    private static final ImageShape SHAPE = LinearClassifier.SHAPE;
    private final double r;

    BowlClassifier(double r) {
        super("bowl", "test-bowl", "0".repeat(64), SHAPE, List.of("a", "b"));
        this.r = r;
    }

    /** ||x_i - c||_2. */
    double distance(float[] x, int i) {
        double s = 0;
        for (int p = 0; p < SHAPE.pixels(); p++) {
            double d = x[i * SHAPE.pixels() + p] - 0.5;
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** n images c + eps u, u uniform in [-0.9, 0.9]^d, all of class 0. */
    PneumoniaFixture.Labelled data(int n, double eps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * SHAPE.pixels()];
        for (int p = 0; p < x.length; p++) {
            x[p] = (float) (0.5 + eps * 0.9 * (2 * random.nextDouble() - 1));
        }
        return new PneumoniaFixture.Labelled(new ImageBatch(SHAPE, n, x), new int[n]);
    }

    @Override
    public Logits predict(ImageBatch batch) {
        float[] z = new float[batch.size() * 2];
        for (int i = 0; i < batch.size(); i++) {
            double d = distance(batch.data(), i);
            z[2 * i + 1] = (float) (r * r - d * d);
        }
        return new Logits(batch.size(), 2, z);
    }

    @Override
    public LossGradient lossGradient(ImageBatch batch, int[] labels) {
        return logitGradient(batch, logits -> {
            float[] seed = new float[logits.values().length];
            for (int i = 0; i < batch.size(); i++) {
                double[] prob = logits.probabilities(i);
                for (int k = 0; k < 2; k++) {
                    seed[2 * i + k] = (float) (prob[k] - (labels[i] == k ? 1 : 0));
                }
            }
            return seed;
        });
    }

    @Override
    public LossGradient logitGradient(ImageBatch batch, LogitSeed seed) {
        Logits logits = predict(batch);
        float[] dz = seed.of(logits);
        float[] g = new float[batch.data().length];
        for (int i = 0; i < batch.size(); i++) {
            for (int p = 0; p < SHAPE.pixels(); p++) {
                int q = i * SHAPE.pixels() + p;
                g[q] = (float) (dz[2 * i + 1] * -2 * (batch.data()[q] - 0.5));
            }
        }
        return new LossGradient(logits, g);
    }
}
