package org.medrobust.reports.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * Two models on the same samples under the same threat: "is B really more robust than A here, or is it noise?".
 * Pairs outcomes by sample index (both scenarios must have evaluated the same indices), then reports the accuracy
 * difference B - A with a paired percentile bootstrap interval ({@link BootstrapInterval#pairedDifference}) and the
 * exact McNemar test ({@link McNemarTest}).
 *
 * @param samples    paired samples
 * @param accuracyA  A's accuracy on them
 * @param accuracyB  B's accuracy on them
 * @param difference B - A with its 95 % bootstrap interval
 * @param mcnemar    discordant counts and exact two-sided p-value
 */
public record PairedComparison(String threat, int severity, String modelA, String modelB, int samples,
        double accuracyA, double accuracyB, BootstrapInterval.Interval difference, McNemarTest.Result mcnemar) {

    /** Resamples for the interval: small enough to render a report of many pairs in well under a second. */
    public static final int RESAMPLES = 2000;

    /** Pairs A's and B's outcomes by sample index; null when they did not evaluate the same samples. */
    public static PairedComparison of(ScenarioResult a, ScenarioResult b, long seed) {
        if (a.status() != ScenarioStatus.COMPLETED || b.status() != ScenarioStatus.COMPLETED
                || a.outcomes() == null || b.outcomes() == null || a.outcomes().size() != b.outcomes().size()) {
            return null;
        }
        Map<Integer, SampleOutcome> byIndex = new HashMap<>();
        b.outcomes().forEach(o -> byIndex.put(o.index(), o));
        boolean[] correctA = new boolean[a.outcomes().size()];
        boolean[] correctB = new boolean[correctA.length];
        for (int i = 0; i < correctA.length; i++) {
            SampleOutcome oa = a.outcomes().get(i);
            SampleOutcome ob = byIndex.get(oa.index());
            if (ob == null || ob.label() != oa.label()) {
                return null;
            }
            correctA[i] = oa.correct();
            correctB[i] = ob.correct();
        }
        return new PairedComparison(a.threat(), a.severity(), a.model(), b.model(), correctA.length,
                mean(correctA), mean(correctB),
                BootstrapInterval.pairedDifference(correctA, correctB, 0.95, RESAMPLES, seed),
                McNemarTest.exact(correctA, correctB));
    }

    /**
     * Every pair of models (in the order given) on every scenario of the same data split, threat and severity.
     * Fault trials are left out (each trial flips different bits per model, so the samples are paired but the
     * threats are not). The bootstrap seed derives from the campaign seed and the pair's position: deterministic.
     */
    public static List<PairedComparison> all(List<ScenarioResult> scenarios, long seed) {
        Map<String, List<ScenarioResult>> groups = new java.util.LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            if (s.status() == ScenarioStatus.COMPLETED && !"FAULT".equals(s.family())) {
                groups.computeIfAbsent(s.dataset() + "/" + s.split() + "|" + s.threat() + "|" + s.severity(),
                        k -> new ArrayList<>()).add(s);
            }
        }
        List<PairedComparison> comparisons = new ArrayList<>();
        long pair = 0;
        for (List<ScenarioResult> group : groups.values()) {
            for (int i = 0; i < group.size(); i++) {
                for (int j = i + 1; j < group.size(); j++) {
                    PairedComparison c = of(group.get(i), group.get(j), seed ^ (0x9E3779B97F4A7C15L * ++pair));
                    if (c != null) {
                        comparisons.add(c);
                    }
                }
            }
        }
        return comparisons;
    }

    /** The interval excludes 0 and McNemar's p is below 0.05: the difference is unlikely to be noise. */
    public boolean significant() {
        return significant(mcnemar.p());
    }

    /**
     * The same with McNemar's p adjusted for the other comparisons made alongside (e.g. by {@link HolmBonferroni}):
     * the adjusted p below 0.05 and the interval excluding 0.
     */
    public boolean significant(double adjustedP) {
        return adjustedP < 0.05 && (difference.lower() > 0 || difference.upper() < 0);
    }

    private static double mean(boolean[] values) {
        int hits = 0;
        for (boolean v : values) {
            hits += v ? 1 : 0;
        }
        return values.length == 0 ? Double.NaN : (double) hits / values.length;
    }
}
