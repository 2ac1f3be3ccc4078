package org.medrobust.models.cnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
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

/** A tiny run of the trainer: what it writes is consistent, and a rerun writes the same bytes. */
class PhantomCnnTrainerTest {

    private static final PhantomCnnTrainer.Plan PLAN = new PhantomCnnTrainer.Plan(11, 1, 16, 2e-3);

    @TempDir
    Path dir;

    @Test
    void writesWeightsAndACardThatDescribesThem() throws IOException {
        DataSource data = PhantomData.generate(new PhantomSpec(5, 16, 64, 32, 32));
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        PhantomCnnCard card = PhantomCnnTrainer.trainAndWrite(data, PLAN, dir.resolve("a"), quiet);
        PhantomCnnTrainer.trainAndWrite(data, PLAN, dir.resolve("b"), quiet);

        byte[] params = Files.readAllBytes(dir.resolve("a").resolve(PhantomCnn.PARAMS_FILE));
        assertThat(Files.readAllBytes(dir.resolve("b").resolve(PhantomCnn.PARAMS_FILE))).isEqualTo(params);
        PhantomCnnCard read = PhantomCnnCard.fromJson(Files.readString(dir.resolve("a").resolve(PhantomCnn.CARD_FILE)));
        assertThat(read.weightsSha256()).isEqualTo(Sha256.of(params)).isEqualTo(card.weightsSha256());
        assertThat(read.datasetSha256()).isEqualTo(data.sha256());
        assertThat(read.inputShape()).containsExactly(1, 16, 16);
        assertThat(read.epochs()).isEqualTo(1);
        assertThat(read.accuracy()).containsOnlyKeys("train", "val", "test");
        try (DjlClassifier model = PhantomCnn.load(params, read.imageShape(), read.classNames(), "trained")) {
            assertThat(PhantomCnnTrainer.accuracy(model, data.split(Split.TEST))).isEqualTo(read.accuracy().get("test"));
        }
    }
}
