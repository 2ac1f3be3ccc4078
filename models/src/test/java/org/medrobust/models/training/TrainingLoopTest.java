package org.medrobust.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.cnn.PhantomCnn;
import org.medrobust.models.djl.DjlClassifier;

/** The generic loop on tiny phantom runs: determinism, early stopping, class weighting, schedule. */
class TrainingLoopTest {

    private static final DataSource DATA = TinyData.phantoms(96);
    private static final ImageShape SHAPE = DATA.split(Split.TRAIN).shape();

    @Test
    void theSameSeedGivesTheSameWeightBytesAndAnotherSeedOthers() {
        TrainingPlan plan = TrainingPlan.defaults(3).withEpochs(2).withBatchSize(32)
                .withAugmentation(Augmentation.FLIP_SHIFT).withClassWeighted(true);
        byte[] first = run(plan).params();
        byte[] again = run(plan).params();
        byte[] otherSeed = run(plan.withSeed(4)).params();
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndReturnsTheBestEpochsWeights() {
        // A learning rate far too high makes validation loss jump about, so the best epoch is not the last.
        TrainingPlan plan = TrainingPlan.defaults(1).withEpochs(12).withBatchSize(16).withLearningRate(0.05)
                .withWeightDecay(0).withEarlyStopping(new EarlyStopping(ValMetric.LOSS, 2));
        List<Boolean> bestFlags = new ArrayList<>();
        TrainingRun run = TrainingLoop.run(PhantomCnn.architecture(), DATA.split(Split.TRAIN), DATA.split(Split.VAL),
                plan, new TrainingProgress() {
                    @Override
                    public void epochEnded(EpochRecord record, boolean best) {
                        bestFlags.add(best);
                    }
                });
        assertThat(run.epochsRun()).as("stopped early").isLessThan(12).isEqualTo(run.bestEpoch() + 2);
        double bestLoss = run.history().stream().mapToDouble(r -> r.val().crossEntropy()).min().orElseThrow();
        assertThat(run.best().val().crossEntropy()).isEqualTo(bestLoss);
        assertThat(bestFlags.get(run.bestEpoch() - 1)).isTrue();
        assertThat(bestFlags.subList(run.bestEpoch(), bestFlags.size())).containsOnly(false);
        // The returned weights are the best epoch's, not the last epoch's: they score exactly what it recorded.
        try (DjlClassifier model = TrainedNetworks.load(PhantomCnn.architecture(), run.params(), "t",
                DATA.split(Split.VAL).shape(), DATA.split(Split.VAL).classNames(), "trained")) {
            SplitMetrics val = Evaluation.evaluate(model, DATA.split(Split.VAL));
            assertThat(val.correct()).isEqualTo(run.best().val().correct());
            assertThat(val.crossEntropy()).isEqualTo(run.best().val().crossEntropy());
            assertThat(val.crossEntropy()).isNotEqualTo(run.history().getLast().val().crossEntropy());
        }
    }

    @Test
    void aWarmStartCopiesEveryParameterAndStatisticExactly() {
        byte[] trained = run(TrainingPlan.defaults(5).withEpochs(2).withBatchSize(32)).params();
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager()) {
            // the saved bytes hold the input shape of initialisation: the loop's is (batch, C, H, W)
            Block fresh = initialisedCnn(manager, 2, 32);
            assertThat(TrainedNetworks.save(fresh)).isNotEqualTo(trained);
            TrainedNetworks.copyInto(fresh, PhantomCnn.architecture(), warmStart(trained), SHAPE, 2);
            assertThat(TrainedNetworks.save(fresh)).isEqualTo(trained);
        }
    }

    @Test
    void aWarmStartedRunTrainsOnFromTheGivenWeights() {
        byte[] start = run(TrainingPlan.defaults(5).withEpochs(2).withBatchSize(32)).params();
        // A learning rate of 1e-12 leaves every trained weight where it was (batch-norm statistics still move) ...
        TrainingPlan still = TrainingPlan.defaults(6).withEpochs(1).withBatchSize(32).withLearningRate(1e-12)
                .withWeightDecay(0);
        byte[] warm = run(still.withWarmStart(warmStart(start))).params();
        assertThat(largestWeightChange(start, warm)).isLessThan(1e-6);
        // ... while the same plan without the warm start ends at its own seeded initialisation.
        assertThat(largestWeightChange(start, run(still).params())).isGreaterThan(1e-2);
        assertThat(run(still.withWarmStart(warmStart(start))).params()).as("deterministic").isEqualTo(warm);
    }

    @Test
    void aWarmStartOfAnotherArchitectureOrShapeOrOfTruncatedBytesIsRefusedNamingIt() {
        byte[] trained = run(TrainingPlan.defaults(5).withEpochs(1).withBatchSize(48)).params();
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager()) {
            Block threeClasses = initialisedCnn(manager, 3, 1);
            assertThatThrownBy(() -> TrainedNetworks.copyInto(threeClasses, PhantomCnn.architecture(),
                    new WarmStart("builtin:x", "phantom-cnn", trained), SHAPE, 3))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("builtin:x");
            assertThatThrownBy(() -> TrainedNetworks.copyInto(threeClasses, PhantomCnn.architecture(),
                    new WarmStart("builtin:y", "vit", trained), SHAPE, 3))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("builtin:y").hasMessageContaining("'vit'");
            Block twoClasses = initialisedCnn(manager, 2, 1);
            assertThatThrownBy(() -> TrainedNetworks.copyInto(twoClasses, PhantomCnn.architecture(),
                    warmStart(java.util.Arrays.copyOf(trained, trained.length / 2)), SHAPE, 2))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("run: cannot load");
        }
    }

    /** The largest change of a trainable weight (batch-norm running statistics left out) between two weight sets. */
    private static double largestWeightChange(byte[] before, byte[] after) {
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager()) {
            List<Parameter> first = loaded(manager, before);
            List<Parameter> second = loaded(manager, after);
            double largest = 0;
            for (int i = 0; i < first.size(); i++) {
                if (first.get(i).requiresGradient()) {
                    largest = Math.max(largest, first.get(i).getArray().sub(second.get(i).getArray()).abs().max()
                            .getFloat());
                }
            }
            return largest;
        }
    }

    private static WarmStart warmStart(byte[] params) {
        return new WarmStart("run", "phantom-cnn", params);
    }

    /** A fresh phantom CNN for {@code classes}, initialised for batches of {@code batch}. */
    private static Block initialisedCnn(NDManager manager, int classes, int batch) {
        Block net = PhantomCnn.architecture().build(SHAPE, classes);
        net.initialize(manager, DataType.FLOAT32, new Shape(batch, SHAPE.channels(), SHAPE.height(), SHAPE.width()));
        return net;
    }

    private static List<Parameter> loaded(NDManager manager, byte[] params) {
        Block net = initialisedCnn(manager, 2, 1);
        try {
            net.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(params)));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException(e);
        }
        return net.getParameters().values();
    }

    @Test
    void withoutEarlyStoppingEveryEpochRunsAndTheLastShips() {
        TrainingPlan plan = TrainingPlan.defaults(2).withEpochs(2).withBatchSize(48);
        TrainingRun run = run(plan);
        assertThat(run.epochsRun()).isEqualTo(2);
        assertThat(run.bestEpoch()).isEqualTo(2);
        assertThat(run.classWeights()).isNull();
    }

    @Test
    void classWeightingUsesBalancedWeightsOfTheTrainSplit() {
        TrainingRun run = run(TrainingPlan.defaults(2).withEpochs(1).withBatchSize(48).withClassWeighted(true));
        assertThat(run.classWeights()).containsExactly(ClassWeights.balanced(ClassWeights.counts(DATA.split(Split.TRAIN))));
    }

    @Test
    void scheduleWarmsUpLinearlyThenDecaysByCosineToTheFinalRate() {
        TrainingPlan plan = TrainingPlan.defaults(1).withEpochs(10).withLearningRate(1e-3).withWarmupEpochs(2);
        var schedule = TrainingLoop.schedule(plan, 5); // 10 warm-up steps, then 40 cosine steps
        assertThat((double) schedule.getNewValue(0)).isCloseTo(1e-4, within(1e-9));
        assertThat((double) schedule.getNewValue(4)).isCloseTo(5e-4, within(1e-9));
        assertThat((double) schedule.getNewValue(9)).isCloseTo(1e-3, within(1e-9));
        assertThat((double) schedule.getNewValue(10)).isCloseTo(1e-3, within(1e-9));
        assertThat((double) schedule.getNewValue(30)).isCloseTo((1e-3 + 1e-5) / 2, within(1e-9));
        assertThat((double) schedule.getNewValue(50)).isCloseTo(1e-5, within(1e-9));
    }

    private static TrainingRun run(TrainingPlan plan) {
        return TrainingLoop.run(PhantomCnn.architecture(), DATA.split(Split.TRAIN), DATA.split(Split.VAL), plan,
                TrainingProgress.SILENT);
    }
}
