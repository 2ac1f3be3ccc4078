package org.medrobust.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Split;
import org.medrobust.models.cnn.PhantomCnn;
import org.medrobust.models.djl.DjlClassifier;

/** The generic loop on tiny phantom runs: determinism, early stopping, class weighting, schedule. */
class TrainingLoopTest {

    private static final DataSource DATA = TinyData.phantoms(96);

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
