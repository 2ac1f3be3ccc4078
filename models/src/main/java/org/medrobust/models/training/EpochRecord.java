package org.medrobust.models.training;

/**
 * One finished epoch.
 *
 * @param learningRate the rate of the epoch's last step
 * @param trainLoss    mean training loss over the epoch's batches (weighted if the plan weights classes)
 * @param val          the validation split after the epoch
 */
public record EpochRecord(int epoch, double learningRate, double trainLoss, SplitMetrics val) {
}
