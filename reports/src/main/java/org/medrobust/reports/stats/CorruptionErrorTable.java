package org.medrobust.reports.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.medrobust.reports.schema.CorruptionErrorReport;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * Builds the report's corruption-error section from scenario results with {@link CorruptionError}.
 *
 * <p>Corruptions are the {@code PERTURBATION} scenarios with a severity. To keep the means comparable across models,
 * a corruption enters them only if every model run on that split (and the baseline) completed it at the same
 * severities; others are listed as excluded with the reason. Where a threat was limited to the first N samples, the
 * clean error of the relative forms is taken on those same samples. Models skipped on a split, or whose clean pass
 * failed there, are left out.
 */
public final class CorruptionErrorTable {

    private static final String FAMILY = "PERTURBATION";
    private static final String CLEAN = "CLEAN";

    private CorruptionErrorTable() {
    }

    /**
     * The section, or null when there is no baseline (none configured and no CNN among the models) or no corruption
     * scenario.
     *
     * @param configured the config's {@code baseline} model id, or null for the first model whose kind names a CNN
     */
    public static CorruptionErrorReport of(List<ScenarioResult> scenarios, List<InputIdentity> models,
            String configured) {
        String baseline = configured;
        String origin = "config";
        if (baseline == null) {
            baseline = models.stream().filter(m -> m.kind() != null && m.kind().contains("cnn")).map(InputIdentity::id)
                    .findFirst().orElse(null);
            origin = "first CNN";
        }
        if (baseline == null) {
            return null;
        }
        Map<String, List<ScenarioResult>> bySplit = new LinkedHashMap<>();
        scenarios.forEach(s -> bySplit.computeIfAbsent(s.dataset() + "/" + s.split(), k -> new ArrayList<>()).add(s));
        List<CorruptionErrorReport.Split> splits = new ArrayList<>();
        for (List<ScenarioResult> list : bySplit.values()) {
            CorruptionErrorReport.Split split = split(list, baseline);
            if (split != null) {
                splits.add(split);
            }
        }
        return splits.isEmpty() ? null : new CorruptionErrorReport(baseline, origin, splits);
    }

    private static CorruptionErrorReport.Split split(List<ScenarioResult> scenarios, String baseline) {
        Set<String> models = new LinkedHashSet<>();
        Map<String, ScenarioResult> clean = new LinkedHashMap<>();
        // corruption -> model -> severity -> scenario
        Map<String, Map<String, Map<Integer, ScenarioResult>>> runs = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            if (CLEAN.equals(s.family())) {
                // a model skipped here, or whose clean pass failed (its threats fail with it), has no errors to compare
                if (s.status() == ScenarioStatus.COMPLETED) {
                    models.add(s.model());
                    clean.put(s.model(), s);
                }
            } else if (FAMILY.equals(s.family()) && s.severity() > 0) {
                runs.computeIfAbsent(s.threat(), t -> new LinkedHashMap<>())
                        .computeIfAbsent(s.model(), m -> new LinkedHashMap<>()).put(s.severity(), s);
            }
        }
        if (runs.isEmpty() || !models.contains(baseline)) {
            return null;
        }
        List<String> included = new ArrayList<>();
        Map<String, String> excluded = new LinkedHashMap<>();
        runs.forEach((corruption, byModel) -> {
            String reason = exclusion(byModel, models, baseline);
            if (reason == null) {
                included.add(corruption);
            } else {
                excluded.put(corruption, reason);
            }
        });
        List<CorruptionErrorReport.Model> rows = new ArrayList<>();
        for (String model : models) {
            rows.add(row(model, baseline, included, runs, clean));
        }
        ScenarioResult first = scenarios.getFirst();
        return new CorruptionErrorReport.Split(first.dataset(), first.split(), included, excluded, rows);
    }

    /** Why a corruption cannot enter the comparison, or null. */
    private static String exclusion(Map<String, Map<Integer, ScenarioResult>> byModel, Set<String> models,
            String baseline) {
        Map<Integer, ScenarioResult> base = byModel.get(baseline);
        if (base == null) {
            return "the baseline " + baseline + " was not run on it";
        }
        for (String model : models) {
            Map<Integer, ScenarioResult> runs = byModel.get(model);
            if (runs == null || !runs.keySet().equals(base.keySet())) {
                return "model " + model + " was not run at the baseline's severities " + new TreeSet<>(base.keySet());
            }
            for (ScenarioResult s : runs.values()) {
                if (s.status() != ScenarioStatus.COMPLETED) {
                    return "scenario " + s.id() + " " + s.status().name().toLowerCase(java.util.Locale.ROOT);
                }
            }
        }
        return null;
    }

    private static CorruptionErrorReport.Model row(String model, String baseline, List<String> corruptions,
            Map<String, Map<String, Map<Integer, ScenarioResult>>> runs, Map<String, ScenarioResult> clean) {
        Map<String, Double> ce = new LinkedHashMap<>();
        Map<String, Double> relativeCe = new LinkedHashMap<>();
        Map<String, Double> be = new LinkedHashMap<>();
        Map<String, Double> relativeBe = new LinkedHashMap<>();
        for (String c : corruptions) {
            Map<Integer, ScenarioResult> mine = runs.get(c).get(model);
            Map<Integer, ScenarioResult> base = runs.get(c).get(baseline);
            CorruptionError.Errors top1 = errors(c, mine, clean.get(model), CorruptionErrorTable::error);
            CorruptionError.Errors baseTop1 = errors(c, base, clean.get(baseline), CorruptionErrorTable::error);
            CorruptionError.Errors balanced = errors(c, mine, clean.get(model), CorruptionErrorTable::balancedError);
            CorruptionError.Errors baseBalanced = errors(c, base, clean.get(baseline),
                    CorruptionErrorTable::balancedError);
            ce.put(c, value(CorruptionError.ce(top1, baseTop1).perCorruption().get(c)));
            relativeCe.put(c, value(CorruptionError.relativeCe(top1, baseTop1).perCorruption().get(c)));
            be.put(c, value(CorruptionError.be(balanced, baseBalanced).perCorruption().get(c)));
            relativeBe.put(c, value(CorruptionError.relativeBe(balanced, baseBalanced).perCorruption().get(c)));
        }
        ScenarioResult cleanRun = clean.get(model);
        boolean cleanDone = cleanRun != null && cleanRun.status() == ScenarioStatus.COMPLETED;
        return new CorruptionErrorReport.Model(model, cleanDone ? value(error(cleanRun.outcomes())) : null, ce,
                mean(ce), relativeCe, mean(relativeCe),
                cleanDone ? value(balancedError(cleanRun.outcomes())) : null, be, mean(be), relativeBe,
                mean(relativeBe));
    }

    /**
     * One model's errors on one corruption, its severities in ascending order; the clean error on the samples the
     * corruption saw (NaN without a completed clean run, which makes the relative forms undefined).
     */
    private static CorruptionError.Errors errors(String corruption, Map<Integer, ScenarioResult> runs,
            ScenarioResult clean, ToDoubleFunction<List<SampleOutcome>> measure) {
        double[] errors = runs.keySet().stream().sorted().mapToDouble(s -> measure.applyAsDouble(runs.get(s).outcomes()))
                .toArray();
        double cleanError = Double.NaN;
        if (clean != null && clean.status() == ScenarioStatus.COMPLETED) {
            Set<Integer> seen = new java.util.HashSet<>();
            runs.values().forEach(s -> s.outcomes().forEach(o -> seen.add(o.index())));
            cleanError = measure.applyAsDouble(clean.outcomes().stream().filter(o -> seen.contains(o.index())).toList());
        }
        return new CorruptionError.Errors(cleanError, Map.of(corruption, errors));
    }

    static double error(List<SampleOutcome> outcomes) {
        return outcomes.isEmpty() ? Double.NaN
                : outcomes.stream().filter(o -> !o.correct()).count() / (double) outcomes.size();
    }

    static double balancedError(List<SampleOutcome> outcomes) {
        int[] labels = outcomes.stream().mapToInt(SampleOutcome::label).toArray();
        int[] predictions = outcomes.stream().mapToInt(SampleOutcome::prediction).toArray();
        int classes = 1 + Math.max(java.util.Arrays.stream(labels).max().orElse(0),
                java.util.Arrays.stream(predictions).max().orElse(0));
        return 1 - ClassificationMetrics.balancedAccuracy(labels, predictions, classes);
    }

    /** The mean over corruptions, null when any is undefined or there are none (as {@link CorruptionError}). */
    private static Double mean(Map<String, Double> values) {
        if (values.isEmpty() || values.containsValue(null)) {
            return null;
        }
        return values.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** JSON has no NaN: undefined is null. */
    private static Double value(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
