package org.medrobust.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.Logits;
import org.medrobust.models.cnn.PhantomCnn;
import org.medrobust.models.training.ModelCard;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.onnx.Bits;
import org.medrobust.models.onnx.Concurrency;

/** The shipped phantom CNN still does what its card says, deterministically and whatever the batch size. */
class ShippedPhantomCnnTest {

    private static DataSource phantom;

    @BeforeAll
    static void generate() {
        phantom = PhantomData.generate(PhantomSpec.DEFAULT);
    }

    @Test
    void reproducesTheTestAccuracyOfItsCardExactly() {
        ModelCard card = ShippedModels.card(PhantomCnn.ID);
        assertThat(phantom.sha256()).as("the phantom data changed since the weights were trained: rerun PhantomCnnTrainer")
                .isEqualTo(card.data().sha256());
        Dataset test = phantom.split(Split.TEST);
        try (DjlClassifier model = ShippedModels.load(PhantomCnn.ID)) {
            int correct = 0;
            for (int from = 0; from < test.size(); from += 100) {
                Logits logits = model.predict(test.batch(from, from + 100));
                for (int i = 0; i < 100; i++) {
                    correct += logits.argmax(i) == test.label(from + i) ? 1 : 0;
                }
            }
            assertThat(correct).isEqualTo(card.metrics("test").correct());
            assertThat(test.size()).isEqualTo(card.metrics("test").samples());
        }
        assertThat(card.metrics("test").accuracy()).isBetween(0.90, 0.97);
    }

    @Test
    void predictionsAreDeterministic() {
        ImageBatch batch = phantom.split(Split.TEST).batch(0, 64);
        try (DjlClassifier model = ShippedModels.load(PhantomCnn.ID); DjlClassifier again = ShippedModels.load(PhantomCnn.ID)) {
            float[] first = model.predict(batch).values();
            assertThat(Bits.of(model.predict(batch).values())).containsExactly(Bits.of(first));
            assertThat(Bits.of(again.predict(batch).values())).containsExactly(Bits.of(first));
        }
    }

    @Test
    void predictionsFromSeveralThreadsMatchSequentialOnes() throws Exception {
        Dataset test = phantom.split(Split.TEST);
        try (DjlClassifier model = ShippedModels.load(PhantomCnn.ID)) {
            Concurrency.assertConcurrentPredictionsMatch(model, java.util.stream.IntStream.range(0, 8)
                    .mapToObj(i -> test.batch(i * 32, i * 32 + 32)).toList());
        }
    }

    @Test
    void oneImageAtATimeMatchesABatchOf64() {
        Dataset test = phantom.split(Split.TEST);
        try (DjlClassifier model = ShippedModels.load(PhantomCnn.ID)) {
            Logits batch = model.predict(test.batch(0, 64));
            for (int i = 0; i < 64; i++) {
                Logits single = model.predict(test.batch(i, i + 1));
                assertThat(single.values()).as("image %d", i)
                        .containsExactly(new float[] {batch.at(i, 0), batch.at(i, 1)}, within(1e-5f));
            }
        }
    }
}
