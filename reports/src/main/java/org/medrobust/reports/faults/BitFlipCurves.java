package org.medrobust.reports.faults;

import java.util.ArrayList;
import java.util.List;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.reports.stats.WilsonInterval;

/**
 * The Bit-Flip Attack's accuracy-against-flips curves, from the per-image predictions its scenarios record
 * ({@code bfaPredictions}: the top-1 class after 0, 1, ..., n iterations; {@code bfaBitCounts}: the bits
 * inverted so far). Nothing is re-run.
 */
public final class BitFlipCurves {

    /** The details key that marks a Bit-Flip Attack outcome. */
    public static final String PREDICTIONS = "bfaPredictions";

    /** The details key of the bits inverted so far after 0, 1, ..., n iterations. */
    public static final String BIT_COUNTS = "bfaBitCounts";

    private BitFlipCurves() {
    }

    /** True for an outcome of the Bit-Flip Attack (its scenarios are curves, not fault trials). */
    public static boolean isBitFlipAttack(ScenarioResult s) {
        return !s.outcomes().isEmpty() && s.outcomes().getFirst().details().containsKey(PREDICTIONS);
    }

    /** One curve per completed Bit-Flip Attack scenario, in plan order. */
    public static List<BitFlipCurve> of(List<ScenarioResult> scenarios) {
        List<BitFlipCurve> curves = new ArrayList<>();
        for (ScenarioResult s : scenarios) {
            if (s.status() == ScenarioStatus.COMPLETED && isBitFlipAttack(s)) {
                curves.add(curve(s));
            }
        }
        return curves;
    }

    private static BitFlipCurve curve(ScenarioResult s) {
        int length = s.outcomes().stream().mapToInt(o -> predictions(o).size()).min().orElse(0);
        int[] correct = new int[length];
        double[] bits = new double[length];
        boolean counted = true;
        for (SampleOutcome o : s.outcomes()) {
            List<?> curve = predictions(o);
            for (int k = 0; k < length; k++) {
                correct[k] += ((Number) curve.get(k)).intValue() == o.label() ? 1 : 0;
            }
            List<?> counts = o.details().get(BIT_COUNTS) instanceof List<?> list ? list : List.of();
            counted &= counts.size() >= length;
            for (int k = 0; counted && k < length; k++) {
                bits[k] += ((Number) counts.get(k)).doubleValue();
            }
        }
        int n = s.outcomes().size();
        List<BitFlipCurve.Point> points = new ArrayList<>(length);
        for (int k = 0; k < length; k++) {
            points.add(new BitFlipCurve.Point(k, n == 0 ? 0 : (double) correct[k] / n, WilsonInterval.of95(correct[k], n),
                    counted && n > 0 ? bits[k] / n : null));
        }
        double meanFlips = s.outcomes().stream().mapToInt(o -> o.details().get("bfaFlipsMade") instanceof Number f
                ? f.intValue() : 0).average().orElse(0);
        return new BitFlipCurve(s.model(), s.dataset(), s.split(), s.threat(), s.parameters(), n, meanFlips, points);
    }

    private static List<?> predictions(SampleOutcome o) {
        return o.details().get(PREDICTIONS) instanceof List<?> list ? list : List.of();
    }
}
