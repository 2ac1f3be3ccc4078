package org.medrobust.attacks.evasion;

import java.util.List;
import java.util.SplittableRandom;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.InputGradients;
import org.medrobust.models.testing.FixedIdentityClassifier;

/**
 * Two-class linear model z = W x with exact input gradients: the oracle for attacks, since its minimal
 * perturbations are known in closed form (L-inf |m| / ||w_1 - w_0||_1, L2 |m| / ||w_1 - w_0||_2 for the margin m).
 */
public class LinearClassifier extends FixedIdentityClassifier implements InputGradients {

    public static final ImageShape SHAPE = new ImageShape(1, 6, 6);

    final float[][] w;
    private final int pixels;
    public int gradientCalls;
    /** Test switch for subclasses that break the gradient. */
    public boolean nan;

    public LinearClassifier(long seed) {
        this(seed, SHAPE);
    }

    /** A model of another input shape (e.g. large enough for Square's windows). */
    public LinearClassifier(long seed, ImageShape shape) {
        super("linear", "test-linear", "0".repeat(64), shape, List.of("a", "b"));
        pixels = shape.pixels();
        SplittableRandom random = new SplittableRandom(seed);
        w = new float[2][shape.pixels()];
        for (int k = 0; k < 2; k++) {
            for (int p = 0; p < shape.pixels(); p++) {
                w[k][p] = (float) random.nextGaussian();
            }
        }
    }

    /** z_1 - z_0 for one image of a flat batch. */
    public double margin(float[] x, int i) {
        double m = 0;
        for (int p = 0; p < pixels; p++) {
            m += (w[1][p] - w[0][p]) * (double) x[i * pixels + p];
        }
        return m;
    }

    /** How many images have |margin| < reach: those an attack can break (reach = eps times the dual norm). */
    public int withinReach(PneumoniaFixture.Labelled data, double reach) {
        int count = 0;
        for (int i = 0; i < data.size(); i++) {
            count += Math.abs(margin(data.images().data(), i)) < reach ? 1 : 0;
        }
        return count;
    }

    public double dualNorm(boolean l1) {
        double s = 0;
        for (int p = 0; p < pixels; p++) {
            double d = w[1][p] - w[0][p];
            s += l1 ? Math.abs(d) : d * d;
        }
        return l1 ? s : Math.sqrt(s);
    }

    @Override
    public Logits predict(ImageBatch batch) {
        float[] z = new float[batch.size() * 2];
        for (int i = 0; i < batch.size(); i++) {
            for (int k = 0; k < 2; k++) {
                double s = 0;
                for (int p = 0; p < pixels; p++) {
                    s += w[k][p] * (double) batch.data()[i * pixels + p];
                }
                z[2 * i + k] = (float) s;
            }
        }
        return new Logits(batch.size(), 2, z);
    }

    @Override
    public LossGradient lossGradient(ImageBatch batch, int[] labels) {
        gradientCalls++;
        Logits logits = predict(batch);
        float[] g = new float[batch.data().length];
        for (int i = 0; i < batch.size(); i++) {
            double[] prob = logits.probabilities(i);
            for (int p = 0; p < pixels; p++) {
                double s = 0;
                for (int k = 0; k < 2; k++) {
                    s += (prob[k] - (labels[i] == k ? 1 : 0)) * w[k][p];
                }
                g[i * pixels + p] = (float) s;
            }
        }
        return new LossGradient(logits, g);
    }

    @Override
    public LossGradient logitGradient(ImageBatch batch, LogitSeed seed) {
        gradientCalls++;
        Logits logits = predict(batch);
        float[] dz = seed.of(logits);
        float[] g = new float[batch.data().length];
        for (int i = 0; i < batch.size(); i++) {
            for (int p = 0; p < pixels; p++) {
                g[i * pixels + p] = dz[2 * i] * w[0][p] + dz[2 * i + 1] * w[1][p];
            }
        }
        return new LossGradient(logits, g);
    }

    /** Images with values in [0.3, 0.7] (so small budgets never clip), labelled by the model itself. */
    public PneumoniaFixture.Labelled data(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * pixels];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 + 0.4 * random.nextDouble());
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = margin(x, i) > 0 ? 1 : 0;
        }
        return new PneumoniaFixture.Labelled(new ImageBatch(inputShape(), n, x), labels);
    }
}
