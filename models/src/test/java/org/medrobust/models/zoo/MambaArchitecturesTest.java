package org.medrobust.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.capability.InputGradients;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.training.Architecture;
import org.medrobust.models.training.Evaluation;
import org.medrobust.models.training.ModelCard;
import org.medrobust.models.training.ModelTraining;
import org.medrobust.models.training.SplitMetrics;
import org.medrobust.models.training.TrainingPlan;
import org.medrobust.models.training.TrainingProgress;

/**
 * The Mamba families end to end as the zoo uses them: trained by the common loop (TAPED scans), written as weights +
 * card, loaded back from the card alone with the same scores, and giving input gradients that agree with central
 * finite differences (white-box attacks rely on them).
 */
class MambaArchitecturesTest {

    private static final DataSource DATA = PhantomData.generate(new PhantomSpec(7, 16, 48, 32, 32));

    @ParameterizedTest
    @ValueSource(strings = {"vim", "vmamba", "medmamba"})
    void trainsLoadsBackFromItsCardAndGivesFiniteDifferenceGradients(String family) {
        Dataset train = DATA.split(Split.TRAIN);
        Architecture architecture = Architectures.forTraining(family, train, 3);
        ModelTraining.Result result = ModelTraining.train(family + "_tiny", architecture, DATA,
                TrainingPlan.defaults(3).withEpochs(1).withBatchSize(16), new TrainingProgress() { });
        ModelCard card = ModelCard.fromJson(result.card().toJson(), "round trip");
        assertThat(card.architecture().name()).isEqualTo(family);
        assertThat(card.flops().multiplyAddsPerImage()).isPositive();
        try (DjlClassifier model = TrainedModels.load(card, result.params(), "tiny " + family)) {
            SplitMetrics test = Evaluation.evaluate(model, DATA.split(Split.TEST));
            assertThat(test.correct()).isEqualTo(card.metrics("test").correct());
            assertThat(test.auc()).isCloseTo(card.metrics("test").auc(), within(1e-9));
            assertInputGradientMatchesFiniteDifferences(model, DATA.split(Split.TEST));
        }
    }

    private static void assertInputGradientMatchesFiniteDifferences(DjlClassifier model, Dataset data) {
        ImageBatch batch = data.batch(0, 2);
        int[] labels = data.labels(0, 2);
        InputGradients gradients = model.capability(InputGradients.class).orElseThrow();
        float[] grad = gradients.lossGradient(batch, labels).inputGradient();
        int checked = 0;
        for (int pixel : largest(grad, 3)) {
            double eps = 1e-2;
            double plus = loss(gradients, nudged(batch, pixel, eps), labels);
            double minus = loss(gradients, nudged(batch, pixel, -eps), labels);
            double fd = (plus - minus) / (2 * eps);
            assertThat(grad[pixel]).as("pixel %d", pixel).isCloseTo((float) fd,
                    within((float) (2e-3 + 3e-2 * Math.abs(fd))));
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }

    /** Summed cross-entropy of the batch, from the logits the gradient call returns. */
    private static double loss(InputGradients model, ImageBatch batch, int[] labels) {
        float[] logits = model.lossGradient(batch, labels).logits().values();
        int classes = logits.length / labels.length;
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[i * classes + k]);
            }
            double z = 0;
            for (int k = 0; k < classes; k++) {
                z += Math.exp(logits[i * classes + k] - max);
            }
            sum += Math.log(z) + max - logits[i * classes + labels[i]];
        }
        return sum;
    }

    private static ImageBatch nudged(ImageBatch batch, int pixel, double eps) {
        float[] data = batch.data().clone();
        data[pixel] += (float) eps;
        return new ImageBatch(batch.shape(), batch.size(), data);
    }

    private static int[] largest(float[] v, int count) {
        return java.util.stream.IntStream.range(0, v.length).boxed()
                .sorted((a, b) -> Float.compare(Math.abs(v[b]), Math.abs(v[a]))).limit(count)
                .mapToInt(Integer::intValue).toArray();
    }
}
