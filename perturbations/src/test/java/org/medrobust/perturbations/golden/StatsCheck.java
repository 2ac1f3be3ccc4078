package org.medrobust.perturbations.golden;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.npz.NpyArray;
import org.medrobust.perturbations.Perturbation;

/**
 * The README's check for random corruptions: per image and severity, the mean of psnr / mae / frac_changed over
 * 200 draws of ours against the reference's 200-draw mean, within the index's {@code rel_tol_per_image_max}
 * (4 standard errors) and, for the mean over images, {@code rel_tol_image_mean_max}; each times a documented
 * slack for corruptions whose algorithm deviates on purpose (1 where none).
 */
final class StatsCheck {

    static final String[] METRICS = {"psnr", "mae", "frac_changed"};

    private StatsCheck() {
    }

    /**
     * Widening of the tolerance for a deliberate, documented deviation: {@code all} on every metric,
     * {@code fracChanged} on the fraction of changed values only (which counts values that float rounding before
     * the reference's truncation moves by one level in flat regions), and whether the reference's pipeline ends
     * by rounding (ImageMagick writes rounded 8-bit PNG) rather than truncating.
     */
    record Slack(double all, double fracChanged, boolean rounded) {
        static final Slack NONE = new Slack(1, 1, false);
    }

    /** Failures as readable lines; empty when everything is within tolerance. */
    static List<String> run(JsonNode entry, Map<String, NpyArray> npz, String variant,
            java.util.function.IntFunction<Perturbation> factory, Slack slack, long seed) {
        List<Image> inputs = Golden.inputs(npz.get("input"));
        int draws = npz.get("stats_draws").toInts()[0];
        JsonNode tolerance = entry.get("stats").get("tolerance").get(variant);
        List<String> failures = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int s = 1; s <= 5; s++) {
            Perturbation perturbation = factory.apply(s);
            double[][] ours = new double[METRICS.length][inputs.size()];
            for (int k = 0; k < inputs.size(); k++) {
                Image clean = inputs.get(k);
                int[] cleanBytes = Golden.truncated(clean);
                for (int d = 0; d < draws; d++) {
                    Image out = perturbation.apply(clean, random.split());
                    double[] m = Golden.metrics(slack.rounded() ? Golden.rounded(out) : Golden.truncated(out), cleanBytes);
                    for (int j = 0; j < METRICS.length; j++) {
                        ours[j][k] += m[j] / draws;
                    }
                }
            }
            for (int j = 0; j < METRICS.length; j++) {
                double[] ref = npz.get("stats_" + variant + "_" + METRICS[j] + "_mean").toDoubles();
                JsonNode tol = tolerance.get(METRICS[j]);
                double factor = j == 2 ? slack.fracChanged() : slack.all();
                double perImage = tol.get("rel_tol_per_image_max").asDouble() * factor;
                double absPerImage = tol.get("abs_tol_per_image_max").asDouble() * factor;
                double ofMean = tol.get("rel_tol_image_mean_max").asDouble() * factor;
                double sumOurs = 0;
                double sumRef = 0;
                for (int k = 0; k < inputs.size(); k++) {
                    double r = ref[(s - 1) * inputs.size() + k];
                    double o = ours[j][k];
                    sumOurs += o;
                    sumRef += r;
                    double diff = Math.abs(o - r);
                    if (diff > Math.max(Math.max(perImage * Math.abs(r), absPerImage), 1e-9)) {
                        failures.add(String.format("s%d image %d %s: ours %.4f, reference %.4f (rel %.4f > %.4f)",
                                s, k, METRICS[j], o, r, diff / Math.abs(r), perImage));
                    }
                }
                double rel = Math.abs(sumOurs - sumRef) / Math.max(Math.abs(sumRef), 1e-12);
                if (rel > Math.max(ofMean, 1e-9) && Math.abs(sumOurs - sumRef) / inputs.size() > absPerImage) {
                    failures.add(String.format("s%d mean over images %s: ours %.4f, reference %.4f (rel %.4f > %.4f)", s,
                            METRICS[j], sumOurs / inputs.size(), sumRef / inputs.size(), rel, ofMean));
                }
            }
        }
        return failures;
    }
}
