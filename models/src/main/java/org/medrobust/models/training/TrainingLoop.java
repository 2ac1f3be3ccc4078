package org.medrobust.models.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Classifier;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.host.ModelIdentity;
import org.medrobust.models.scan.djl.ScanTape;

/**
 * The one training loop of every DJL model here: seeded, single-stream data order and augmentation, AdamW (or Adam)
 * on a cosine schedule with optional warm-up, optional class-weighted cross-entropy, validation after every epoch and
 * optional early stopping that returns the best epoch's weights.
 *
 * <p>Deterministic: the plan's seed fixes the initial weights (DJL's engine seed), the order of the images and every
 * augmentation draw (one {@link SplittableRandom}); with one libtorch thread a rerun writes the same weight bytes.
 * Parallel float reductions would change the last bits, so callers keep {@code ai.djl.pytorch.num_threads=1}.
 */
public final class TrainingLoop {

    private TrainingLoop() {
    }

    /**
     * Trains {@code architecture} on {@code train}, validating on {@code val} after every epoch; the network starts
     * from the plan's warm-start weights if it has some, else from a fresh seeded initialisation.
     */
    public static TrainingRun run(Architecture architecture, Dataset train, Dataset val, TrainingPlan plan,
                                  TrainingProgress progress) {
        long start = System.nanoTime();
        ImageShape shape = train.shape();
        if (!val.shape().equals(shape)) {
            throw new InvalidInputException("validation images are " + val.shape() + " but training images are " + shape);
        }
        if (train.size() == 0 || val.size() == 0) {
            throw new InvalidInputException("training needs non-empty train and val splits, got " + train.size()
                    + " and " + val.size() + " images");
        }
        plan.augmentation().check(shape);
        Engine engine = DjlRuntime.ensureOfflineEngine();
        engine.setRandomSeed(plan.seed());
        Block net = architecture.build(shape, train.classNames().size());
        float[] classWeights = plan.classWeighted() ? ClassWeights.balanced(ClassWeights.counts(train)) : null;
        Loss loss = classWeights == null ? Loss.softmaxCrossEntropyLoss() : new WeightedSoftmaxCrossEntropy(classWeights);
        int stepsPerEpoch = plan.stepsPerEpoch(train.size());
        Tracker learningRate = schedule(plan, stepsPerEpoch);
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(optimizer(plan, learningRate))
                .optDevices(new Device[] {DjlDevices.current()});
        List<EpochRecord> history = new ArrayList<>();
        try (Model model = Model.newInstance(architecture.name(), DjlDevices.current(), DjlRuntime.ENGINE)) {
            model.setBlock(net);
            byte[] kept;
            int bestEpoch = 0;
            long multiplyAdds;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(plan.batchSize(), shape.channels(), shape.height(), shape.width()));
                multiplyAdds = Flops.multiplyAdds(net, new Shape(shape.channels(), shape.height(), shape.width()));
                if (plan.warmStart() != null) {
                    TrainedNetworks.copyInto(net, architecture, plan.warmStart(), shape, train.classNames().size());
                }
                // Evaluates the live network; closing it must not free the model's parameters.
                Classifier inTraining = new DjlClassifier(new ModelIdentity(architecture.name() + " in training",
                        architecture.kind(), "-", architecture.name() + " in training", shape, train.classNames()),
                        net, model.getNDManager(), () -> { });
                SplittableRandom random = new SplittableRandom(plan.seed());
                EarlyStopping stopping = plan.earlyStopping();
                double bestScore = Double.NEGATIVE_INFINITY;
                kept = null;
                for (int epoch = 1; epoch <= plan.maxEpochs(); epoch++) {
                    progress.epochStarted(epoch, plan.maxEpochs(), stepsPerEpoch);
                    double trainLoss = epoch(trainer, train, shuffled(train.size(), random), plan, random, epoch,
                            progress);
                    double rate = learningRate.getNewValue(epoch * stepsPerEpoch - 1);
                    EpochRecord record = new EpochRecord(epoch, rate, trainLoss, Evaluation.evaluate(inTraining, val));
                    history.add(record);
                    boolean best;
                    if (stopping.enabled()) {
                        double score = stopping.metric().score(record.val());
                        best = score > bestScore;
                        if (best) {
                            bestScore = score;
                            bestEpoch = epoch;
                            kept = TrainedNetworks.save(net);
                        }
                    } else {
                        best = epoch == plan.maxEpochs();
                        bestEpoch = epoch;
                    }
                    progress.epochEnded(record, best);
                    if (stopping.enabled() && epoch - bestEpoch >= stopping.patience() && epoch < plan.maxEpochs()) {
                        progress.stoppedEarly(epoch, bestEpoch);
                        break;
                    }
                }
            }
            if (kept == null) {
                kept = TrainedNetworks.save(net);
            }
            return new TrainingRun(kept, Flops.parameterCount(net), multiplyAdds, history.size(), bestEpoch,
                    classWeights, history, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Cosine decay from the peak to peak / divisor over the whole run, after an optional linear warm-up from 0. */
    static Tracker schedule(TrainingPlan plan, int stepsPerEpoch) {
        int steps = plan.maxEpochs() * stepsPerEpoch;
        float base = (float) plan.learningRate();
        int warmup = plan.warmupEpochs() * stepsPerEpoch;
        Tracker cosine = Tracker.cosine().setBaseValue(base).optFinalValue(base / plan.finalLearningRateDivisor())
                .setMaxUpdates(steps - warmup).build();
        if (warmup == 0) {
            return cosine;
        }
        // Linear warm-up to the peak, then the cosine from its start (DJL's WarmUpTracker would hand the cosine the
        // absolute step and so skip its first part).
        return step -> step < warmup ? base * (step + 1) / warmup : cosine.getNewValue(step - warmup);
    }

    private static Optimizer optimizer(TrainingPlan plan, Tracker learningRate) {
        return switch (plan.optimizer()) {
            case ADAM -> Adam.builder().optLearningRateTracker(learningRate).build();
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(learningRate)
                    .optWeightDecays((float) plan.weightDecay()).build();
        };
    }

    /** One pass over the train split in the given order; returns the mean batch loss. */
    private static double epoch(Trainer trainer, Dataset train, int[] order, TrainingPlan plan, SplittableRandom random,
                                int epoch, TrainingProgress progress) {
        double lossSum = 0;
        int batches = 0;
        int total = plan.stepsPerEpoch(order.length);
        for (int from = 0; from < order.length; from += plan.batchSize()) {
            int to = Math.min(order.length, from + plan.batchSize());
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray images = gather(scope, train, order, from, to, plan.augmentation(), random);
                NDArray labels = scope.create(labels(train, order, from, to));
                float loss = DjlRuntime.withGradients(collector -> {
                    // the tape makes scans of TAPED Mamba blocks differentiable; for other nets it is plain backward
                    try (ScanTape tape = ScanTape.record()) {
                        NDList predictions = trainer.forward(new NDList(images));
                        NDArray value = trainer.getLoss().evaluate(new NDList(labels), predictions);
                        tape.backward(value);
                        return value.getFloat();
                    }
                });
                trainer.step();
                lossSum += loss;
                batches++;
                progress.batchDone(epoch, batches, total, loss);
            }
        }
        return lossSum / batches;
    }

    private static int[] shuffled(int size, SplittableRandom random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Images order[from..to) as one (N, C, H, W) array, each through the augmentation. */
    private static NDArray gather(NDManager scope, Dataset data, int[] order, int from, int to,
                                  Augmentation augmentation, SplittableRandom random) {
        ImageShape shape = data.shape();
        int pixels = shape.pixels();
        float[] values = new float[(to - from) * pixels];
        for (int i = from; i < to; i++) {
            augmentation.apply(random, data.image(order[i]).pixels(), values, (i - from) * pixels, shape);
        }
        return scope.create(values, new Shape(to - from, shape.channels(), shape.height(), shape.width()));
    }

    private static int[] labels(Dataset data, int[] order, int from, int to) {
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            labels[i - from] = data.label(order[i]);
        }
        return labels;
    }
}
