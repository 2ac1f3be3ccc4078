package org.medrobust.models.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.InputGradients;
import org.medrobust.models.capability.InputGradients.LossGradient;

/**
 * Checks an input gradient against finite differences of the summed cross-entropy, computed in double from float32
 * logits, on the pixels with the largest gradients (where float32 rounding matters least). ReLU and max pooling
 * make the loss piecewise smooth: when a switch lies within the step on one side, that side's slope is off, so a
 * pixel passes when the central difference or either one-sided difference matches.
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /**
     * @param step      finite-difference step in pixel units; large enough that float32 rounding of the loss is small
     *                  against it, small enough to rarely cross a ReLU or max-pool switch
     * @param tolerance allowed |fd - gradient| is {@code tolerance * (1 + |gradient|)}
     */
    public static void assertMatchesFiniteDifferences(Classifier model, ImageBatch batch, int[] labels, int pixels,
                                                      float step, double tolerance) {
        InputGradients gradients = model.capability(InputGradients.class).orElseThrow();
        LossGradient result = gradients.lossGradient(batch, labels);
        Logits predicted = model.predict(batch);
        assertThat(result.logits().values()).containsExactly(predicted.values(), within(1e-5f));
        assertThat(result.inputGradient()).hasSize(batch.data().length);

        float[] gradient = result.inputGradient();
        int[] largest = IntStream.range(0, gradient.length).boxed()
                .sorted(Comparator.comparingDouble(i -> -Math.abs(gradient[i])))
                .limit(pixels).mapToInt(Integer::intValue).toArray();
        double at = loss(model, batch, labels);
        for (int index : largest) {
            double plus = loss(model, nudged(batch, index, step), labels);
            double minus = loss(model, nudged(batch, index, -step), labels);
            List<Double> differences = List.of((plus - minus) / (2.0 * step), (plus - at) / step, (at - minus) / step);
            double allowed = tolerance * (1 + Math.abs(gradient[index]));
            assertThat(differences).as("d loss / d x[%d] = %s against central, forward, backward differences",
                    index, gradient[index]).anyMatch(d -> Math.abs(d - gradient[index]) <= allowed);
        }
    }

    /** Summed cross-entropy of the model's logits, in double. */
    public static double loss(Classifier model, ImageBatch batch, int[] labels) {
        Logits logits = model.predict(batch);
        double sum = 0;
        for (int i = 0; i < logits.rows(); i++) {
            sum -= Math.log(logits.probabilities(i)[labels[i]]);
        }
        return sum;
    }

    private static ImageBatch nudged(ImageBatch batch, int index, float step) {
        float[] data = batch.data().clone();
        data[index] += step;
        return new ImageBatch(batch.shape(), batch.size(), data);
    }
}
