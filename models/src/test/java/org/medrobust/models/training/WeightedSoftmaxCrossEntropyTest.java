package org.medrobust.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;
import org.medrobust.models.djl.DjlRuntime;

class WeightedSoftmaxCrossEntropyTest {

    /** Two-class logits z and labels y; per sample -log softmax(z)[y] = log(1 + exp(z_other - z_y)). */
    private static final float[] LOGITS = {2, 0, 0, 1, 1, 1, 0.5f, -1};
    private static final int[] LABELS = {0, 1, 0, 1};

    @Test
    void classWeightsReweightTheMeanAsComputedByHand() {
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu())) {
            NDList logits = new NDList(manager.create(LOGITS, new Shape(4, 2)));
            NDList labels = new NDList(manager.create(LABELS));
            // By hand: nll = log(1+e^-2) = 0.126928, log(1+e^-1) = 0.313262, log 2 = 0.693147, log(1+e^1.5) = 1.701413.
            // Unweighted mean: (0.126928 + 0.313262 + 0.693147 + 1.701413) / 4 = 0.708688.
            // Weights (3, 0.5) by class: (3*0.126928 + 0.5*0.313262 + 3*0.693147 + 0.5*1.701413) / (3+0.5+3+0.5)
            //   = 3.467564 / 7 = 0.495366 (numpy: 0.49536615107989157).
            float weighted = new WeightedSoftmaxCrossEntropy(new float[] {3f, 0.5f}).evaluate(labels, logits).getFloat();
            float equal = new WeightedSoftmaxCrossEntropy(new float[] {1f, 1f}).evaluate(labels, logits).getFloat();
            float djl = Loss.softmaxCrossEntropyLoss().evaluate(labels, logits).getFloat();
            assertThat((double) weighted).isCloseTo(0.49536615, within(1e-6));
            assertThat((double) equal).isCloseTo(0.70868754, within(1e-6));
            assertThat((double) djl).isCloseTo(equal, within(1e-6));
        }
    }

    @Test
    void balancedWeightsGiveEachClassTheSameTotalWeight() {
        // PneumoniaMNIST's train split as shipped here: 388 normal, 3494 pneumonia; w_k = 3882 / (2 n_k).
        float[] weights = ClassWeights.balanced(new int[] {388, 3494});
        assertThat((double) weights[0]).isCloseTo(3882.0 / 776, within(1e-6));
        assertThat((double) weights[1]).isCloseTo(3882.0 / 6988, within(1e-6));
        assertThat((double) (weights[0] * 388)).isCloseTo(weights[1] * 3494, within(1e-3));
        // K counts the classes present: 10 / (2 * 5) = 1.
        assertThat(ClassWeights.balanced(new int[] {5, 0, 5})).containsExactly(1f, 0f, 1f);
    }
}
