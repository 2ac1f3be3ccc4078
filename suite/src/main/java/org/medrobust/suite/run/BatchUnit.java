package org.medrobust.suite.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;
import org.medrobust.suite.plan.Scenario;
import org.medrobust.suite.run.fault.AttackImages;

/**
 * One unit of campaign work, a (scenario, batch) pair, computed alone: what {@link CampaignRunner} does per batch and
 * what another {@link CampaignEngine} runs where it likes. Its draws come only from (seed, scenario key, sample index),
 * so the outcomes do not depend on where, or next to which other units, it runs.
 */
public final class BatchUnit {

    private BatchUnit() {
    }

    /** How many batches of {@code batchSize} a scenario has on a split of {@code dataSize} samples. */
    public static int batches(Scenario scenario, int dataSize, int batchSize) {
        return (scenario.samples(dataSize) + batchSize - 1) / batchSize;
    }

    /** How many units a plan has and how many of them the journal already holds: where a progress bar starts. */
    public record Count(long total, long journaled) {
    }

    /** Counts the runnable scenarios' units; {@code dataSize} gives each scenario's split size. */
    public static Count count(List<Scenario> plan, ToIntFunction<Scenario> dataSize, int batchSize, Journal journal) {
        long total = 0;
        long journaled = 0;
        for (Scenario s : plan) {
            if (!s.runnable()) {
                continue;
            }
            int batches = batches(s, dataSize.applyAsInt(s), batchSize);
            total += batches;
            for (int b = 0; b < batches; b++) {
                journaled += journal.batch(s.id(), b).isPresent() ? 1 : 0;
            }
        }
        return new Count(total, journaled);
    }

    /**
     * The outcomes of batch {@code b}; throws when the batch fails (the scenario is then recorded as failed with
     * {@link #reason}).
     *
     * @param cleanPrediction clean predictions of the whole split, or null when this is the clean pass
     */
    public static List<SampleOutcome> compute(long seed, int batchSize, Scenario scenario, LoadedModel model,
            LoadedData d, int b, int[] cleanPrediction) {
        int samples = scenario.samples(d.size());
        Supplier<RandomGenerator> scenarioRandom =
                () -> SampleRandom.of(seed, scenario.randomKey(), ThreatApplications.SCENARIO_STREAM);
        ThreatApplication application = ThreatApplications.forThreat(scenario.threat(), scenarioRandom,
                AttackImages.of(scenario.threat(), d, samples, scenarioRandom));
        int from = b * batchSize;
        int to = Math.min(samples, from + batchSize);
        ImageBatch clean = d.dataset().batch(from, to);
        int[] labels = d.dataset().labels(from, to);
        List<RandomGenerator> randoms = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            randoms.add(SampleRandom.of(seed, scenario.randomKey(), i));
        }
        ThreatApplication.BatchResult result = application.apply(model.classifier(), clean, labels, randoms);
        return OutcomeBuilder.outcomes(from, labels, clean, result, cleanPrediction,
                model.classifier().classNames().size(), d.dataset());
    }

    /** The one-line reason a failed batch records for its scenario. */
    public static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return e instanceof ScenarioFailure ? e.getMessage() : e.getClass().getSimpleName() + message;
    }
}
