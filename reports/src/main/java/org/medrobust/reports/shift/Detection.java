package org.medrobust.reports.shift;

import org.medrobust.reports.stats.ShiftScores;

/**
 * "Does the model know it is elsewhere": the AUROC with which its maximum softmax probability (Hendrycks and Gimpel
 * 2017) and its energy score (Liu et al. 2020) separate reference samples (positive) from shifted ones, ties one half
 * ({@link ShiftScores#auroc}). 0.5: it cannot tell; below 0.5: it is more confident on the shifted data. The energy
 * AUROC is null where logits were not recorded.
 */
public record Detection(Double mspAuroc, Double energyAuroc) {

    static Detection of(OutcomeGroup reference, OutcomeGroup shifted) {
        Double energy = reference.hasLogits() && shifted.hasLogits()
                ? Calibration.orNull(ShiftScores.auroc(reference.energy(), shifted.energy())) : null;
        return new Detection(Calibration.orNull(ShiftScores.auroc(reference.confidence(), shifted.confidence())),
                energy);
    }
}
