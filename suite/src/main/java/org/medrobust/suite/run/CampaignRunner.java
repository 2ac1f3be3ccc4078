package org.medrobust.suite.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;
import org.medrobust.suite.plan.Scenario;

/**
 * Runs planned scenarios batch by batch into the journal. Batches already in the journal are read back, not
 * recomputed (resume). A scenario that throws or yields non-finite logits is journaled as failed and the others go on.
 * Clean predictions are computed once per (model, data) and reused by every threat scenario of that pair.
 */
public final class CampaignRunner {

    private final long seed;
    private final int batchSize;
    private final Map<String, LoadedModel> models = new HashMap<>();
    private final Map<String, LoadedData> data = new HashMap<>();
    private final Journal journal;
    private final ProgressListener progress;
    private final Map<String, int[]> cleanPredictions = new HashMap<>();

    public CampaignRunner(long seed, int batchSize, List<LoadedModel> models, List<LoadedData> data, Journal journal,
            ProgressListener progress) {
        this.seed = seed;
        this.batchSize = batchSize;
        models.forEach(m -> this.models.put(m.id(), m));
        data.forEach(d -> this.data.put(d.key(), d));
        this.journal = journal;
        this.progress = progress;
    }

    /** Runs every scenario in plan order (each pair's clean baseline comes first, the planner sees to that). */
    public List<ScenarioRecord> run(List<Scenario> plan) {
        estimateAttacks(plan);
        BatchUnit.Count units = BatchUnit.count(plan, s -> data.get(s.dataKey()).size(), batchSize, journal);
        progress.start(units.total(), units.journaled());
        List<ScenarioRecord> records = new ArrayList<>(plan.size());
        for (Scenario scenario : plan) {
            ScenarioRecord record = runOne(scenario);
            records.add(record);
            progress.scenarioEnded(scenario.label(), record.status().name().toLowerCase(java.util.Locale.ROOT)
                    + (record.reason() == null ? "" : ": " + record.reason()));
        }
        progress.finish();
        return records;
    }

    private ScenarioRecord runOne(Scenario scenario) {
        if (!scenario.runnable()) {
            return new ScenarioRecord(scenario, ScenarioStatus.SKIPPED, scenario.skipReason(), List.of(), 0);
        }
        String cleanKey = scenario.modelId() + "@" + scenario.dataKey();
        boolean isClean = scenario.threat().family() == org.medrobust.datasets.threat.ThreatFamily.CLEAN;
        int[] clean = isClean ? null : cleanPredictions.get(cleanKey);
        String failure = journal.failure(scenario.id()).orElse(null);
        if (failure == null && !isClean && clean == null) {
            failure = noBaseline(cleanKey);
        }
        List<SampleOutcome> outcomes = failure == null ? outcomesOrFailure(scenario, clean) : null;
        if (outcomes == null) {
            String reason = journal.failure(scenario.id()).orElse(failure);
            return new ScenarioRecord(scenario, ScenarioStatus.FAILED, reason, List.of(),
                    journal.seconds(scenario.id()));
        }
        if (isClean) {
            cleanPredictions.put(cleanKey, outcomes.stream().mapToInt(SampleOutcome::prediction).toArray());
        }
        return new ScenarioRecord(scenario, ScenarioStatus.COMPLETED, null, outcomes, journal.seconds(scenario.id()));
    }

    /** The scenario's outcomes, batch by batch; null after journaling a failure. */
    private List<SampleOutcome> outcomesOrFailure(Scenario scenario, int[] cleanPrediction) {
        LoadedModel model = models.get(scenario.modelId());
        LoadedData d = data.get(scenario.dataKey());
        List<SampleOutcome> all = new ArrayList<>(scenario.samples(d.size()));
        for (int b = 0; b < batches(scenario, d); b++) {
            var done = journal.batch(scenario.id(), b);
            if (done.isPresent()) {
                all.addAll(done.get());
                continue;
            }
            long start = System.nanoTime();
            try {
                List<SampleOutcome> outcomes = BatchUnit.compute(seed, batchSize, scenario, model, d, b,
                        cleanPrediction);
                journal.appendBatch(scenario.id(), b, seconds(start), outcomes);
                all.addAll(outcomes);
            } catch (RuntimeException e) { // the scenario is isolated: recorded as failed, the campaign goes on
                journal.appendFailure(scenario.id(), seconds(start), BatchUnit.reason(e));
                return null;
            }
            progress.batchDone(scenario.label());
        }
        return all;
    }

    /** Why a threat scenario failed without running: its model's clean pass on that data failed (not journaled). */
    public static String noBaseline(String cleanKey) {
        return "the clean pass of " + cleanKey + " failed, so there is no baseline";
    }

    /** Prints an upper bound of the pending attacks' duration when they are long (AttackDurationEstimate). */
    private void estimateAttacks(List<Scenario> plan) {
        List<Scenario> pending = plan.stream().filter(s -> journal.batch(s.id(), 0).isEmpty()).toList();
        var calls = AttackDurationEstimate.pendingCalls(pending, s -> s.samples(data.get(s.dataKey()).size()));
        Map<String, org.medrobust.models.Classifier> classifiers = new HashMap<>();
        models.forEach((id, m) -> classifiers.put(id, m.classifier()));
        var surrogates = AttackDurationEstimate.surrogates(pending); // transfer crafting runs on these
        AttackDurationEstimate.lines(calls, id -> classifiers.containsKey(id) ? classifiers.get(id)
                : surrogates.get(id).get()).forEach(progress::note);
    }

    private int batches(Scenario scenario, LoadedData d) {
        return BatchUnit.batches(scenario, d.size(), batchSize);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
