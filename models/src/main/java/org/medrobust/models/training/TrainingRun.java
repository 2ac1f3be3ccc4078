package org.medrobust.models.training;

import java.util.List;

/**
 * What a training run produced.
 *
 * @param params         the weights in DJL's parameter format: the best epoch's with early stopping, else the last's
 * @param bestEpoch      the epoch whose weights {@code params} holds (1-based)
 * @param classWeights   the loss weights per class, or null when the loss was unweighted
 * @param seconds        wall-clock time of the run
 */
public record TrainingRun(byte[] params, long parameterCount, long multiplyAdds, int epochsRun, int bestEpoch,
                          float[] classWeights, List<EpochRecord> history, double seconds) {

    public TrainingRun {
        history = List.copyOf(history);
    }

    public EpochRecord best() {
        return history.get(bestEpoch - 1);
    }
}
