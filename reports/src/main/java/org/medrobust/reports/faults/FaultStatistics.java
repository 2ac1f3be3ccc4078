package org.medrobust.reports.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.reports.stats.StudentInterval;
import org.medrobust.reports.stats.WilsonInterval;

/**
 * Derives the fault section from the fault scenarios' outcomes (one scenario per trial): accuracy over trials,
 * silent data corruption, non-finite and crash rates, critical trials, and the vulnerability maps. Nothing is
 * re-run; a sample counts as non-finite when its details say {@code "nonFinite": true}.
 */
public final class FaultStatistics {

    /** A trial is critical when it costs at least this much accuracy (10 points) against the fault-free model. */
    public static final double CRITICAL_DROP = 0.10;

    private static final String FAULT = "FAULT";

    private FaultStatistics() {
    }

    /** The fault section, or null when the campaign ran no fault scenario. */
    public static FaultReport of(List<ScenarioResult> scenarios) {
        Map<String, Double> clean = new LinkedHashMap<>();
        Map<String, List<ScenarioResult>> groups = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            if ("CLEAN".equals(s.family()) && s.status() == ScenarioStatus.COMPLETED) {
                clean.put(pair(s), s.metrics().accuracy());
            } else if (FAULT.equals(s.family()) && s.status() != ScenarioStatus.SKIPPED
                    && !BitFlipCurves.isBitFlipAttack(s)) {
                groups.computeIfAbsent(pair(s) + "|" + s.threat() + "|" + s.severity(), k -> new ArrayList<>()).add(s);
            }
        }
        List<BitFlipCurve> curves = BitFlipCurves.of(scenarios);
        if (groups.isEmpty() && curves.isEmpty()) {
            return null;
        }
        List<FaultSummary> summaries = new ArrayList<>();
        Map<String, List<Trial>> byLayer = new LinkedHashMap<>();
        Map<String, List<Trial>> byBit = new LinkedHashMap<>();
        for (List<ScenarioResult> group : groups.values()) {
            ScenarioResult first = group.getFirst();
            Double cleanAccuracy = clean.get(pair(first));
            List<Trial> trials = new ArrayList<>();
            group.stream().filter(s -> s.status() == ScenarioStatus.COMPLETED)
                    .forEach(s -> trials.add(Trial.of(s, cleanAccuracy)));
            summaries.add(summary(first, group.size(), trials, cleanAccuracy));
            for (Trial t : trials) {
                if (t.tensor != null) {
                    byLayer.computeIfAbsent(pair(first) + "|" + t.tensor, k -> new ArrayList<>()).add(t);
                    byBit.computeIfAbsent(pair(first) + "|" + t.bitKey(), k -> new ArrayList<>()).add(t);
                }
            }
        }
        return new FaultReport(CRITICAL_DROP, summaries, cells("layer", byLayer, t -> t.tensor),
                cells("bit", byBit, Trial::bitKey), curves);
    }

    /**
     * The vulnerability map of single-bit trials by layer and bit together (axis "layer x bit", key
     * {@code tensor + " bit " + bit}), whose margins are {@link FaultReport#byLayer} and {@link FaultReport#byBit}:
     * for the HTML heatmap, not stored in report.json. Empty when no single-bit trial completed.
     */
    public static List<VulnerabilityCell> byLayerAndBit(List<ScenarioResult> scenarios) {
        Map<String, Double> clean = new LinkedHashMap<>();
        scenarios.stream().filter(s -> "CLEAN".equals(s.family()) && s.status() == ScenarioStatus.COMPLETED)
                .forEach(s -> clean.put(pair(s), s.metrics().accuracy()));
        Map<String, List<Trial>> grid = new LinkedHashMap<>();
        scenarios.stream().filter(s -> FAULT.equals(s.family()) && s.status() == ScenarioStatus.COMPLETED)
                .map(s -> Trial.of(s, clean.get(pair(s)))).filter(t -> t.tensor != null && t.bit != null)
                .forEach(t -> grid.computeIfAbsent(pair(t.scenario) + "|" + t.tensor + "|" + t.bit,
                        k -> new ArrayList<>()).add(t));
        return cells("layer x bit", grid, t -> t.tensor + " bit " + t.bit);
    }

    private static FaultSummary summary(ScenarioResult first, int planned, List<Trial> trials, Double cleanAccuracy) {
        double[] accuracies = trials.stream().mapToDouble(t -> t.accuracy).toArray();
        int samples = trials.stream().mapToInt(t -> t.samples).sum();
        int sdc = trials.stream().mapToInt(t -> t.sdc).sum();
        int nonFinite = trials.stream().mapToInt(t -> t.nonFinite).sum();
        double scale = samples == 0 ? 0 : 1.0 / samples;
        return new FaultSummary(first.model(), first.dataset(), first.split(), first.threat(), first.severity(),
                planned, planned - trials.size(), trials.isEmpty() ? null : StudentInterval.mean(accuracies),
                clamped(StudentInterval.of95(accuracies)), cleanAccuracy, sdc * scale, WilsonInterval.of95(sdc, samples),
                nonFinite * scale, WilsonInterval.of95(nonFinite, samples),
                (int) trials.stream().filter(t -> t.nonFinite > 0).count(),
                (int) trials.stream().filter(t -> t.critical).count(),
                trials.stream().mapToInt(t -> t.sites).average().orElse(0));
    }

    private static List<VulnerabilityCell> cells(String axis, Map<String, List<Trial>> groups,
            Function<Trial, String> key) {
        List<VulnerabilityCell> cells = new ArrayList<>();
        groups.forEach((k, trials) -> {
            ScenarioResult s = trials.getFirst().scenario;
            cells.add(new VulnerabilityCell(s.model(), s.dataset(), s.split(), axis, key.apply(trials.getFirst()),
                    trials.size(), trials.stream().mapToDouble(t -> t.changed / (double) Math.max(1, t.samples))
                            .average().orElse(0),
                    trials.stream().mapToDouble(t -> t.accuracy).average().orElse(0),
                    (int) trials.stream().filter(t -> t.critical).count()));
        });
        return cells;
    }

    /** An accuracy interval cut to [0, 1]: the t interval is symmetric and can overshoot with few trials. */
    private static double[] clamped(double[] interval) {
        return interval == null ? null : new double[] {Math.max(0, interval[0]), Math.min(1, interval[1])};
    }

    private static String pair(ScenarioResult s) {
        return s.model() + "|" + s.dataset() + "|" + s.split();
    }

    /**
     * One completed trial's counts, from its outcomes. {@code tensor} is the map's layer: a weight tensor's name, or
     * for an activation or scan bit its kind and layer ("activation 02mixer0/scan", "scan state 02mixer0/scan").
     */
    private record Trial(ScenarioResult scenario, int samples, double accuracy, int sdc, int nonFinite, int changed,
            boolean critical, int sites, String tensor, Integer bit, String kind) {

        /** The by-bit map's key: the bit for a weight, else kind and bit, so weights and activations stay apart. */
        String bitKey() {
            return kind == null ? String.valueOf(bit) : kind + " bit " + bit;
        }

        static Trial of(ScenarioResult s, Double cleanAccuracy) {
            int sdc = 0;
            int nonFinite = 0;
            int correct = 0;
            for (SampleOutcome o : s.outcomes()) {
                boolean bad = Boolean.TRUE.equals(o.details().get("nonFinite"));
                nonFinite += bad ? 1 : 0;
                sdc += !bad && o.prediction() != o.cleanPrediction() ? 1 : 0;
                correct += o.correct() ? 1 : 0;
            }
            int n = s.outcomes().size();
            double accuracy = n == 0 ? 0 : (double) correct / n;
            Map<String, Object> details = n == 0 ? Map.of() : s.outcomes().getFirst().details();
            boolean critical = nonFinite > 0 || (cleanAccuracy != null && cleanAccuracy - accuracy >= CRITICAL_DROP);
            Object kind = details.get("faultKind");
            Object tensor = kind == null ? details.get("faultTensor") : kind + " " + details.get("faultLayer");
            Object bit = details.get("faultBit");
            return new Trial(s, n, accuracy, sdc, nonFinite, sdc + nonFinite, critical,
                    details.get("faultSiteCount") instanceof Number c ? c.intValue() : 0,
                    tensor == null ? null : tensor.toString(), bit instanceof Number b ? b.intValue() : null,
                    kind == null ? null : kind.toString());
        }
    }
}
