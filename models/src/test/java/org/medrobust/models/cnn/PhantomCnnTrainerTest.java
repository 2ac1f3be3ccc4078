package org.medrobust.models.cnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.training.Augmentation;
import org.medrobust.models.training.EarlyStopping;
import org.medrobust.models.training.Evaluation;
import org.medrobust.models.training.ModelCard;
import org.medrobust.models.training.OptimizerKind;

/** A tiny run of the phantom trainer (the generic loop with the shipped recipe): consistent output, same bytes twice. */
class PhantomCnnTrainerTest {

    @TempDir
    Path dir;

    @Test
    void writesWeightsAndACardThatDescribesThem() throws IOException {
        DataSource data = PhantomData.generate(new PhantomSpec(5, 16, 64, 32, 32));
        var plan = PhantomCnnTrainer.plan(11, 1, 16, 2e-3);
        ModelCard card = PhantomCnnTrainer.trainAndWrite(data, plan, dir.resolve("a"));
        PhantomCnnTrainer.trainAndWrite(data, plan, dir.resolve("b"));

        byte[] params = Files.readAllBytes(dir.resolve("a").resolve(PhantomCnn.PARAMS_FILE));
        assertThat(Files.readAllBytes(dir.resolve("b").resolve(PhantomCnn.PARAMS_FILE))).isEqualTo(params);
        ModelCard read = ModelCard.fromJson(Files.readString(dir.resolve("a").resolve(PhantomCnn.CARD_FILE)), "card");
        assertThat(read.weights().sha256()).isEqualTo(Sha256.of(params)).isEqualTo(card.weights().sha256());
        assertThat(read.data().sha256()).isEqualTo(data.sha256());
        assertThat(read.inputShape()).containsExactly(1, 16, 16);
        assertThat(read.training().epochsRun()).isEqualTo(1);
        assertThat(read.training().optimizer()).isEqualTo("adam");
        assertThat(read.training().augmentation()).isEqualTo("dihedral");
        assertThat(read.metrics()).containsOnlyKeys("train", "val", "test");
        try (DjlClassifier model = PhantomCnn.load(params, read.imageShape(), read.classNames(), "trained")) {
            assertThat(Evaluation.evaluate(model, data.split(Split.TEST))).isEqualTo(read.metrics("test"));
        }
    }

    @Test
    void theShippedRecipeIsAdamWithFlipsAndTurnsAndNoEarlyStopping() {
        assertThat(PhantomCnnTrainer.PLAN.optimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(PhantomCnnTrainer.PLAN.augmentation()).isEqualTo(Augmentation.DIHEDRAL);
        assertThat(PhantomCnnTrainer.PLAN.earlyStopping()).isEqualTo(EarlyStopping.OFF);
        assertThat(PhantomCnnTrainer.PLAN.seed()).isEqualTo(7);
        assertThat(PhantomCnnTrainer.PLAN.maxEpochs()).isEqualTo(30);
    }
}
