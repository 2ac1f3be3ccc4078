package org.medrobust.reports.shift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.reports.stats.BootstrapInterval;
import org.medrobust.reports.stats.ClassificationMetrics;
import org.medrobust.reports.stats.ReliabilityDiagram;

/**
 * Derives the {@code shift} section from the scenarios' outcomes (nothing is re-run): per completed scenario its
 * calibration, its accuracy drop from the clean pass on the same samples (paired bootstrap) and how well confidence
 * detects the change; per acquisition site the same against the other sites pooled (independent bootstrap), and the
 * drop of accuracy, balanced accuracy and AUC from the source site (the one the data entry names, by default
 * {@value #SOURCE_SITE}; {@link SourceDrops}). Fault
 * scenarios are left out (their section is {@code faults}). Deterministic: every bootstrap is seeded from the
 * campaign seed and the scenario id (and the site).
 */
public final class ShiftStatistics {

    /** Interval level of every bootstrap here. */
    public static final double LEVEL = 0.95;

    /**
     * The site a multi-site data set's other sites are compared with (the one the model was validated at) when its data
     * entry names none.
     */
    public static final String SOURCE_SITE = "source";

    private static final String CLEAN = "CLEAN";
    private static final String FAULT = "FAULT";

    private ShiftStatistics() {
    }

    /** The section, or null when no scenario completed; every data set's source site is {@value #SOURCE_SITE}. */
    public static ShiftReport of(List<ScenarioResult> scenarios, long seed) {
        return of(scenarios, seed, Map.of());
    }

    /**
     * @param sourceSites the source site of a data set by its key ({@code name/split}, e.g. {@code ward/test}) where
     *                    its data entry names one; absent keys use {@value #SOURCE_SITE}
     */
    public static ShiftReport of(List<ScenarioResult> scenarios, long seed, Map<String, String> sourceSites) {
        return of(scenarios, seed, BootstrapInterval.DEFAULT_RESAMPLES, sourceSites);
    }

    static ShiftReport of(List<ScenarioResult> scenarios, long seed, int resamples) {
        return of(scenarios, seed, resamples, Map.of());
    }

    private static ShiftReport of(List<ScenarioResult> scenarios, long seed, int resamples,
            Map<String, String> sourceSites) {
        Map<String, ScenarioResult> clean = new HashMap<>();
        for (ScenarioResult s : scenarios) {
            if (CLEAN.equals(s.family()) && s.status() == ScenarioStatus.COMPLETED) {
                clean.put(pair(s), s);
            }
        }
        Map<String, ScenarioResult> completed = new HashMap<>();
        for (ScenarioResult s : scenarios) {
            if (s.status() == ScenarioStatus.COMPLETED) {
                completed.put(pair(s) + "|" + s.threat() + "|" + s.severity(), s);
            }
        }
        List<ScenarioShift> shifts = new ArrayList<>();
        for (ScenarioResult s : scenarios) {
            if (s.status() != ScenarioStatus.COMPLETED || FAULT.equals(s.family()) || s.outcomes().isEmpty()) {
                continue;
            }
            long scenarioSeed = seed * 1_000_003L + s.id().hashCode();
            OutcomeGroup group = OutcomeGroup.of(s.outcomes());
            Difference versusClean = null;
            Detection detection = null;
            ScenarioResult baseline = clean.get(pair(s));
            if (!CLEAN.equals(s.family()) && baseline != null) {
                OutcomeGroup reference = OutcomeGroup.of(sameSamples(baseline.outcomes(), s.outcomes()));
                versusClean = Difference.drop(BootstrapInterval.pairedDifference(reference.correct(), group.correct(),
                        LEVEL, resamples, scenarioSeed), true);
                detection = Detection.of(reference, group);
            }
            shifts.add(new ScenarioShift(s.id(), s.model(), s.dataset(), s.split(), s.family(), s.threat(),
                    s.severity(), Calibration.of(group), versusClean, detection,
                    sites(s.outcomes(), sourceSites.getOrDefault(s.dataset() + "/" + s.split(), SOURCE_SITE),
                            scenarioSeed, resamples), recovery(s, completed, group, scenarioSeed,
                    resamples)));
        }
        return shifts.isEmpty() ? null
                : new ShiftReport(ReliabilityDiagram.DEFAULT_BINS, LEVEL, resamples, List.copyOf(shifts));
    }

    /**
     * Per site (sorted by name), each against the others pooled and against the source site (where the data has one);
     * empty when no outcome names a site.
     */
    static List<SiteMetrics> sites(List<SampleOutcome> outcomes, long seed, int resamples) {
        return sites(outcomes, SOURCE_SITE, seed, resamples);
    }

    static List<SiteMetrics> sites(List<SampleOutcome> outcomes, String sourceSite, long seed, int resamples) {
        Map<String, List<SampleOutcome>> bySite = new TreeMap<>();
        for (SampleOutcome o : outcomes) {
            if (o.site() != null) {
                bySite.computeIfAbsent(o.site(), k -> new ArrayList<>()).add(o);
            }
        }
        List<SiteMetrics> sites = new ArrayList<>();
        for (Map.Entry<String, List<SampleOutcome>> entry : bySite.entrySet()) {
            String site = entry.getKey();
            OutcomeGroup here = OutcomeGroup.of(entry.getValue());
            Difference versusOthers = null;
            Detection detection = null;
            if (bySite.size() > 1) {
                List<SampleOutcome> rest = outcomes.stream().filter(o -> o.site() != null && !o.site().equals(site))
                        .toList();
                OutcomeGroup others = OutcomeGroup.of(rest);
                versusOthers = Difference.drop(BootstrapInterval.independentDifference(others.correct(),
                        here.correct(), LEVEL, resamples, seed * 31 + site.hashCode()), false);
                detection = Detection.of(others, here);
            }
            int classes = classes(here);
            List<SampleOutcome> source = bySite.get(sourceSite);
            SourceDrops versusSource = source == null || site.equals(sourceSite) ? null
                    : SourceComparison.of(sourceSite, source, entry.getValue(),
                            Math.max(classes, classes(OutcomeGroup.of(source))), LEVEL, resamples,
                            seed * 37 + site.hashCode());
            sites.add(new SiteMetrics(site, here.size(),
                    ClassificationMetrics.accuracy(here.labels(), here.predictions()),
                    Calibration.orNull(ClassificationMetrics.balancedAccuracy(here.labels(), here.predictions(),
                            classes)),
                    here.hasLogits() ? Calibration.orNull(ClassificationMetrics.rocAuc(here.labels(),
                            here.probabilities())) : null,
                    Calibration.of(here), versusOthers, detection, versusSource));
        }
        return sites;
    }

    /**
     * A mitigated scenario (parameter {@code mitigates}: the shift's threat id) against the same model's unmitigated
     * scenario of that shift: paired, because both saw the same shifted images; null when either is missing.
     */
    private static Recovery recovery(ScenarioResult s, Map<String, ScenarioResult> completed, OutcomeGroup group,
            long seed, int resamples) {
        Object mitigates = s.parameters() == null ? null : s.parameters().get("mitigates");
        ScenarioResult base = mitigates == null ? null
                : completed.get(pair(s) + "|" + mitigates + "|" + s.severity());
        if (base == null) {
            return null;
        }
        OutcomeGroup unmitigated = OutcomeGroup.of(sameSamples(base.outcomes(), s.outcomes()));
        return Recovery.of(base.id(), BootstrapInterval.pairedDifference(unmitigated.correct(), group.correct(), LEVEL,
                resamples, seed * 17 + 1));
    }

    /** The clean outcomes of the samples a scenario evaluated, in the scenario's order. */
    private static List<SampleOutcome> sameSamples(List<SampleOutcome> clean, List<SampleOutcome> scenario) {
        Map<Integer, SampleOutcome> byIndex = new HashMap<>();
        clean.forEach(o -> byIndex.put(o.index(), o));
        List<SampleOutcome> paired = new ArrayList<>(scenario.size());
        for (SampleOutcome o : scenario) {
            SampleOutcome c = byIndex.get(o.index());
            if (c == null) {
                throw new IllegalStateException("sample " + o.index() + " has no clean outcome");
            }
            paired.add(c);
        }
        return paired;
    }

    private static int classes(OutcomeGroup group) {
        if (group.hasLogits() && group.size() > 0) {
            return group.probabilities()[0].length;
        }
        int max = 1;
        for (int i = 0; i < group.size(); i++) {
            max = Math.max(max, Math.max(group.labels()[i], group.predictions()[i]));
        }
        return max + 1;
    }

    private static String pair(ScenarioResult s) {
        return s.model() + "|" + s.dataset() + "|" + s.split();
    }
}
