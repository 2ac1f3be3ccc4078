package org.medrobust.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medrobust.models.djl.SuffixForwardTest.bits;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.Logits;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * The gradient of the summed cross-entropy with respect to the weights (what the Bit-Flip Attack ranks bits by).
 * Oracles: central differences of the loss computed here from {@code predict}'s logits, and the first call's
 * gradients for every later call (PyTorch accumulates into a weight's gradient buffer, which outlives a call).
 */
class WeightGradientTest {

    private static final ImageBatch IMAGES = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 8);
    private static final int[] LABELS = {0, 1, 1, 0, 1, 0, 0, 1};

    @Test
    void aLaterCallGivesTheSameGradientsNotTheirSum() {
        try (var model = (DjlClassifier) BuiltinModels.load("cnn_phantom")) {
            Map<String, float[]> first = model.weightGradient(IMAGES, LABELS).gradients();
            Map<String, float[]> third = null;
            for (int call = 0; call < 2; call++) {
                third = model.weightGradient(IMAGES, LABELS).gradients();
            }
            assertThat(third.keySet()).containsExactlyElementsOf(first.keySet());
            for (String name : first.keySet()) {
                assertThat(bits(third.get(name))).as(name).containsExactly(bits(first.get(name)));
            }
        }
    }

    @Test
    void largestGradientOfEachTensorMatchesCentralDifferences() {
        try (var model = (DjlClassifier) BuiltinModels.load("cnn_phantom")) {
            Map<String, float[]> gradients = model.weightGradient(IMAGES, LABELS).gradients();
            for (var tensor : model.tensors()) {
                String name = tensor.name();
                float[] g = gradients.get(name);
                int at = 0;
                for (int i = 1; i < g.length; i++) {
                    at = Math.abs(g[i]) > Math.abs(g[at]) ? i : at;
                }
                float[] weights = model.read(name);
                float original = weights[at];
                float h = 1e-3f;
                weights[at] = original + h;
                model.write(name, weights);
                double up = summedCrossEntropy(model.predict(IMAGES));
                weights[at] = original - h;
                model.write(name, weights);
                double down = summedCrossEntropy(model.predict(IMAGES));
                weights[at] = original;
                model.write(name, weights);
                double numeric = (up - down) / ((double) (original + h) - (original - h));
                assertThat((double) g[at]).as("%s[%d]", name, at)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(0.03 * Math.abs(numeric) + 1e-3));
            }
        }
    }

    private static double summedCrossEntropy(Logits logits) {
        double loss = 0;
        for (int row = 0; row < logits.rows(); row++) {
            loss -= Math.log(logits.probabilities(row)[LABELS[row]]);
        }
        return loss;
    }
}
