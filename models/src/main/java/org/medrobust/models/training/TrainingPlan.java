package org.medrobust.models.training;

/**
 * Everything that determines a training run besides the architecture and the data. With one libtorch thread, the same
 * plan on the same data writes the same weight bytes.
 *
 * @param seed                     seeds parameter initialisation (DJL's engine), data order and augmentation
 * @param maxEpochs                epochs to run unless early stopping ends the run sooner
 * @param batchSize                training images per step
 * @param learningRate             peak learning rate
 * @param weightDecay              decoupled weight decay of AdamW (0 for Adam)
 * @param optimizer                AdamW or (legacy) Adam
 * @param finalLearningRateDivisor the cosine schedule decays from the peak to peak / divisor over maxEpochs
 * @param warmupEpochs             linear warm-up from 0 to the peak over this many epochs (0: none), then cosine
 * @param classWeighted            weight the loss by balanced class weights of the train split
 * @param augmentation             random transform of every training image
 * @param earlyStopping            what to watch on the validation split, and how patiently
 * @param warmStart                weights to start from, or null for a fresh seeded initialisation
 */
public record TrainingPlan(int seed, int maxEpochs, int batchSize, double learningRate, double weightDecay,
                           OptimizerKind optimizer, int finalLearningRateDivisor, int warmupEpochs,
                           boolean classWeighted, Augmentation augmentation, EarlyStopping earlyStopping,
                           WarmStart warmStart) {

    public TrainingPlan {
        if (maxEpochs < 1 || batchSize < 1 || !(learningRate > 0) || weightDecay < 0 || finalLearningRateDivisor < 1
                || warmupEpochs < 0 || warmupEpochs >= maxEpochs && warmupEpochs > 0) {
            throw new IllegalArgumentException("bad training plan: epochs " + maxEpochs + ", batch " + batchSize
                    + ", learning rate " + learningRate + ", weight decay " + weightDecay + ", divisor "
                    + finalLearningRateDivisor + ", warm-up " + warmupEpochs);
        }
        if (optimizer == OptimizerKind.ADAM && weightDecay != 0) {
            throw new IllegalArgumentException("plain Adam runs without weight decay; use AdamW");
        }
    }

    /** AdamW (lr 1e-3, weight decay 0.05), batch 64, cosine to lr/100 over 40 epochs; no warm-up, weighting, augmentation or early stopping. */
    public static TrainingPlan defaults(int seed) {
        return new TrainingPlan(seed, 40, 64, 1e-3, 0.05, OptimizerKind.ADAMW, 100, 0, false, Augmentation.NONE,
                EarlyStopping.OFF, null);
    }

    public TrainingPlan withSeed(int value) {
        return new TrainingPlan(value, maxEpochs, batchSize, learningRate, weightDecay, optimizer,
                finalLearningRateDivisor, warmupEpochs, classWeighted, augmentation, earlyStopping, warmStart);
    }

    public TrainingPlan withEpochs(int value) {
        return new TrainingPlan(seed, value, batchSize, learningRate, weightDecay, optimizer, finalLearningRateDivisor,
                Math.min(warmupEpochs, Math.max(0, value - 1)), classWeighted, augmentation, earlyStopping, warmStart);
    }

    public TrainingPlan withBatchSize(int value) {
        return new TrainingPlan(seed, maxEpochs, value, learningRate, weightDecay, optimizer, finalLearningRateDivisor,
                warmupEpochs, classWeighted, augmentation, earlyStopping, warmStart);
    }

    public TrainingPlan withLearningRate(double value) {
        return new TrainingPlan(seed, maxEpochs, batchSize, value, weightDecay, optimizer, finalLearningRateDivisor,
                warmupEpochs, classWeighted, augmentation, earlyStopping, warmStart);
    }

    public TrainingPlan withWeightDecay(double value) {
        return new TrainingPlan(seed, maxEpochs, batchSize, learningRate, value, optimizer, finalLearningRateDivisor,
                warmupEpochs, classWeighted, augmentation, earlyStopping, warmStart);
    }

    public TrainingPlan withOptimizer(OptimizerKind value, double decay) {
        return new TrainingPlan(seed, maxEpochs, batchSize, learningRate, decay, value, finalLearningRateDivisor,
                warmupEpochs, classWeighted, augmentation, earlyStopping, warmStart);
    }

    public TrainingPlan withWarmupEpochs(int value) {
        return new TrainingPlan(seed, maxEpochs, batchSize, learningRate, weightDecay, optimizer,
                finalLearningRateDivisor, value, classWeighted, augmentation, earlyStopping, warmStart);
    }

    public TrainingPlan withClassWeighted(boolean value) {
        return new TrainingPlan(seed, maxEpochs, batchSize, learningRate, weightDecay, optimizer,
                finalLearningRateDivisor, warmupEpochs, value, augmentation, earlyStopping, warmStart);
    }

    public TrainingPlan withAugmentation(Augmentation value) {
        return new TrainingPlan(seed, maxEpochs, batchSize, learningRate, weightDecay, optimizer,
                finalLearningRateDivisor, warmupEpochs, classWeighted, value, earlyStopping, warmStart);
    }

    public TrainingPlan withEarlyStopping(EarlyStopping value) {
        return new TrainingPlan(seed, maxEpochs, batchSize, learningRate, weightDecay, optimizer,
                finalLearningRateDivisor, warmupEpochs, classWeighted, augmentation, value, warmStart);
    }

    public TrainingPlan withWarmStart(WarmStart value) {
        return new TrainingPlan(seed, maxEpochs, batchSize, learningRate, weightDecay, optimizer,
                finalLearningRateDivisor, warmupEpochs, classWeighted, augmentation, earlyStopping, value);
    }

    /** Optimiser steps per epoch for a train split of {@code size}. */
    public int stepsPerEpoch(int size) {
        return (size + batchSize - 1) / batchSize;
    }
}
