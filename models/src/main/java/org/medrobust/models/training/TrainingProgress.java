package org.medrobust.models.training;

/** Callbacks of a training run, for progress bars and logs. All methods run on the training thread. */
public interface TrainingProgress {

    /** Reports nothing. */
    TrainingProgress SILENT = new TrainingProgress() {
    };

    default void epochStarted(int epoch, int maxEpochs, int batches) {
    }

    default void batchDone(int epoch, int batch, int batches, double loss) {
    }

    /** @param best whether this epoch is the best so far (its weights are kept) */
    default void epochEnded(EpochRecord record, boolean best) {
    }

    default void stoppedEarly(int epoch, int bestEpoch) {
    }
}
