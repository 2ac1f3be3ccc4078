package org.medrobust.attacks.evasion.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.host.ModelIdentity;
import org.medrobust.models.mamba.ScanMode;
import org.medrobust.models.mamba.Vim;
import org.medrobust.models.mamba.VimConfig;

/**
 * The input gradients attacks follow agree with finite differences of the loss, through a tiny Vim whose scans
 * run on the CPU kernel with its taped backward (the path the zoo's Mamba models take): the directional derivative
 * along the gradient is its norm, and along a random direction u it is g . u.
 */
class FiniteDifferenceTest {

    private static final ImageShape SHAPE = new ImageShape(1, 16, 16);

    @Test
    void vimInputGradientsMatchCentralDifferencesOfTheCrossEntropy() {
        NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager();
        Vim vim = new Vim(new VimConfig(16, 1, 3, 4, 16, 2, 4, new float[] {0.5f}, new float[] {0.25f}, 31));
        vim.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16, 16));
        vim.setScanMode(ScanMode.TAPED);
        try (DjlClassifier model = new DjlClassifier(new ModelIdentity("tiny_vim", "vim", "0".repeat(64), "test",
                SHAPE, List.of("a", "b", "c")), vim, manager, manager)) {
            SplittableRandom random = new SplittableRandom(4);
            float[] x = new float[2 * SHAPE.pixels()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextDouble();
            }
            int[] labels = {0, 2};
            GradientOracle.Step step = GradientOracle.of(model).crossEntropy(x, new int[] {0, 1}, labels);
            float[] g = step.gradient();
            double[] u = new double[x.length];
            double dot = 0;
            double norm = 0;
            for (int i = 0; i < x.length; i++) {
                u[i] = random.nextGaussian() / Math.sqrt(x.length);
                dot += u[i] * g[i];
                norm += (double) g[i] * g[i];
            }
            norm = Math.sqrt(norm);
            double[] along = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                along[i] = g[i] / norm;
            }
            assertThat(norm).isGreaterThan(1e-3);
            assertThat(directional(model, x, labels, along)).isCloseTo(norm, org.assertj.core.data.Offset.offset(0.03 * norm));
            // the logit-seed path (APGD's losses) gives the same cross-entropy gradient as the loss path
            float[] viaSeed = GradientOracle.of(model).loss(LogitLoss.CROSS_ENTROPY, x, new int[] {0, 1}, labels, null)
                    .gradient();
            for (int i = 0; i < x.length; i++) {
                assertThat((double) viaSeed[i]).isCloseTo(g[i], org.assertj.core.data.Offset.offset(1e-4 * norm));
            }
            assertThat(directional(model, x, labels, u)).isCloseTo(dot, org.assertj.core.data.Offset.offset(0.03 * norm));
        }
    }

    /** (L(x + h u) - L(x - h u)) / 2h for the summed cross-entropy, in double from float32 logits. */
    private static double directional(Classifier model, float[] x, int[] labels, double[] u) {
        double h = 1e-2;
        return (loss(model, shifted(x, u, h), labels) - loss(model, shifted(x, u, -h), labels)) / (2 * h);
    }

    private static float[] shifted(float[] x, double[] u, double h) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + h * u[i]);
        }
        return y;
    }

    private static double loss(Classifier model, float[] x, int[] labels) {
        Logits logits = model.predict(new ImageBatch(SHAPE, labels.length, x));
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= Math.log(logits.probabilities(i)[labels[i]]);
        }
        return sum;
    }
}
