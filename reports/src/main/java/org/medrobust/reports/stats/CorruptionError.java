package org.medrobust.reports.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Corruption robustness normalised by a baseline model, as the two benchmarks define it.
 *
 * <p>ImageNet-C (Hendrycks and Dietterich, ICLR 2019, section 3): with {@code E(f, c, s)} the top-1 error of
 * model f on corruption c at severity s, the corruption error is
 * {@code CE_c = sum_s E(f, c, s) / sum_s E(base, c, s)} and the relative corruption error
 * {@code rCE_c = sum_s (E(f, c, s) - E(f, clean)) / sum_s (E(base, c, s) - E(base, clean))}; mCE and relative
 * mCE are their means over corruptions (the paper's baseline is AlexNet; medrobust's is the zoo's CNN).
 *
 * <p>MedMNIST-C (Di Salvo et al. 2024, medmnistc/eval.py): with balanced errors (1 - balanced accuracy),
 * {@code BE_c = mean_s E(f, c, s) / Ebar(base, c)} and
 * {@code rBE_c = (mean_s E(f, c, s) - E(f, clean)) / (Ebar(base, c) - E(base, clean))}, Ebar the baseline's error
 * averaged over severities; BE and rBE are their means over corruptions. With the same severities for model and
 * baseline, BE_c equals CE_c and rBE_c equals rCE_c computed on balanced errors: the two papers normalise alike
 * and differ in the error measure, which the caller chooses.
 *
 * <p>Edge cases, handled here: a corruption the baseline was not run on is refused (the ratio would silently
 * drop it); a baseline with zero error on a corruption, or (relative forms) not degraded by it at all, leaves the
 * ratio undefined: that corruption's value is NaN, and so is the mean, rather than an infinite or negative
 * number that would rank models nonsensically.
 */
public final class CorruptionError {

    private CorruptionError() {
    }

    /**
     * One model's errors (each in [0, 1]): clean, and per corruption one per severity (mildest first). For a
     * MedMNIST-C baseline published as one severity-averaged number per corruption, give that one number.
     */
    public record Errors(double clean, Map<String, double[]> corrupted) {

        public Errors {
            SequencedMap<String, double[]> copy = new LinkedHashMap<>();
            corrupted.forEach((id, errors) -> {
                if (errors.length == 0) {
                    throw new IllegalArgumentException("corruption '" + id + "' has no errors");
                }
                copy.put(id, errors.clone());
            });
            corrupted = copy;
        }

        double mean(String corruption) {
            double sum = 0;
            for (double e : corrupted.get(corruption)) {
                sum += e;
            }
            return sum / corrupted.get(corruption).length;
        }
    }

    /** Per-corruption values in the model's corruption order, and their mean (mCE, relative mCE, BE or rBE). */
    public record Summary(Map<String, Double> perCorruption, double mean) {
    }

    /** ImageNet-C's CE per corruption and mCE. */
    public static Summary ce(Errors model, Errors baseline) {
        return summarise(model, baseline, false);
    }

    /** ImageNet-C's relative CE per corruption and relative mCE. */
    public static Summary relativeCe(Errors model, Errors baseline) {
        return summarise(model, baseline, true);
    }

    /** MedMNIST-C's BE per corruption and mean (give balanced errors). */
    public static Summary be(Errors model, Errors baseline) {
        return summarise(model, baseline, false);
    }

    /** MedMNIST-C's rBE per corruption and mean (give balanced errors). */
    public static Summary relativeBe(Errors model, Errors baseline) {
        return summarise(model, baseline, true);
    }

    /**
     * Ratios of severity means: a sum over the same severities is the mean times their number, so sums (ImageNet-C)
     * and means (MedMNIST-C) give the same ratio, and a baseline given as one averaged number works for both.
     */
    private static Summary summarise(Errors model, Errors baseline, boolean relative) {
        Map<String, Double> values = new LinkedHashMap<>();
        double total = 0;
        for (String corruption : model.corrupted().keySet()) {
            if (!baseline.corrupted().containsKey(corruption)) {
                throw new IllegalArgumentException("the baseline has no errors for corruption '" + corruption
                        + "': it has " + baseline.corrupted().keySet());
            }
            double numerator = model.mean(corruption) - (relative ? model.clean() : 0);
            double denominator = baseline.mean(corruption) - (relative ? baseline.clean() : 0);
            double value = denominator > 0 ? numerator / denominator : Double.NaN;
            values.put(corruption, value);
            total += value;
        }
        return new Summary(values, values.isEmpty() ? Double.NaN : total / values.size());
    }
}
