package org.medrobust.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.cnn.PhantomCnn;
import org.medrobust.models.djl.DjlClassifier;

/** What trainAndWrite writes: weights and a card that describes them, readable back. */
class ModelCardTest {

    @TempDir
    Path dir;

    @Test
    void theCardDescribesTheWeightsDataTrainingAndScores() throws IOException {
        DataSource data = TinyData.phantoms(64);
        TrainingPlan plan = TrainingPlan.defaults(11).withEpochs(2).withBatchSize(32).withClassWeighted(true)
                .withEarlyStopping(new EarlyStopping(ValMetric.AUC, 5));
        ModelCard card = ModelTraining.trainAndWrite("tiny", PhantomCnn.architecture(), data, plan, dir,
                TrainingProgress.SILENT);

        byte[] params = Files.readAllBytes(dir.resolve("tiny.params"));
        ModelCard read = ModelCard.fromJson(Files.readString(dir.resolve("tiny.card.json")), "tiny.card.json");
        assertThat(read.toJson()).isEqualTo(card.toJson());
        assertThat(read.schema()).isEqualTo(ModelCard.SCHEMA);
        assertThat(read.weights().sha256()).isEqualTo(Sha256.of(params));
        assertThat(read.weights().file()).isEqualTo("tiny.params");
        assertThat(read.data().sha256()).isEqualTo(data.sha256());
        assertThat(read.inputShape()).containsExactly(1, 16, 16);
        assertThat(read.classNames()).containsExactly("no_lesion", "lesion");
        assertThat(read.parameters()).isEqualTo(23_650);
        assertThat(read.flops().multiplyAddsPerImage()).isEqualTo(16L * 9 * 256 + 32L * 16 * 9 * 64 + 64L * 32 * 9 * 16 + 128);
        assertThat(read.architecture().name()).isEqualTo(PhantomCnn.NAME);
        assertThat(read.training().seed()).isEqualTo(11);
        assertThat(read.training().epochsRun()).isEqualTo(2);
        assertThat(read.training().bestEpoch()).isBetween(1, 2);
        assertThat(read.training().earlyStoppingMetric()).isEqualTo("auc");
        assertThat(read.training().classWeights()).hasSize(2);
        assertThat(read.history()).hasSize(2);
        assertThat(read.metrics()).containsOnlyKeys("train", "val", "test");
        try (DjlClassifier model = TrainedNetworks.load(PhantomCnn.architecture(), params, "tiny", read.imageShape(),
                read.classNames(), "tiny")) {
            assertThat(Evaluation.evaluate(model, data.split(Split.TEST))).isEqualTo(read.metrics("test"));
        }
        assertThat(read.history().get(read.training().bestEpoch() - 1).valCorrect())
                .isEqualTo(read.metrics("val").correct());
    }

    @Test
    void malformedCardsAreOneLineErrors() {
        assertThatThrownBy(() -> ModelCard.fromJson("{\"schema\": \"other/1\"}", "x.card.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("x.card.json")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ModelCard.fromJson("{not json", "y.card.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("y.card.json")
                .hasMessageNotContaining("\n");
    }
}
