package org.medrobust.suite.run.fault;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.fault.FaultModel;
import org.medrobust.attacks.fault.FaultModel.FaultInjection;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.IncrementalPrediction;
import org.medrobust.suite.run.ThreatApplication;

/**
 * A fault trial, batch by batch: inject, predict the clean images, restore. Every batch draws its fault from a
 * fresh generator at the start of the scenario's own stream, so all batches of a trial see the very same fault
 * (whatever the batch size, and after a resume), and the model is bit-identical between batches. NaN or infinite
 * logits are outcomes here (counted as the NaN rate), not failures.
 *
 * <p>A model with {@link IncrementalPrediction} is offered the batch before the fault goes in and predicts the trial
 * from its cached fault-free activations where it holds them: the logits are those of a full pass bit for bit.
 *
 * <p>Each sample's details carry the trial's fault: {@code faultSiteCount}, {@code faultSites} (the first
 * {@value #LISTED_SITES}, e.g. "c1.weight[80] bit 30 flip (-0.434064 -> -1.4770307E38)") and, for a single weight
 * bit, {@code faultTensor} and {@code faultBit}, for one activation or scan bit {@code faultKind},
 * {@code faultLayer} and {@code faultBit} (the vulnerability maps group on them). Repeating them per sample
 * keeps every outcome self-explaining and lets the journal resume any batch alone.
 */
public final class FaultApplication implements ThreatApplication {

    /** Sites listed per sample; a bit-error-rate trial can hit thousands, counted in full but not all listed. */
    static final int LISTED_SITES = 16;

    private final FaultModel fault;
    private final Supplier<RandomGenerator> scenarioRandom;

    public FaultApplication(FaultModel fault, Supplier<RandomGenerator> scenarioRandom) {
        this.fault = fault;
        this.scenarioRandom = scenarioRandom;
    }

    @Override
    public BatchResult apply(Classifier model, ImageBatch clean, int[] labels, List<RandomGenerator> randoms) {
        Logits logits;
        Map<String, Object> details = new LinkedHashMap<>();
        // trials of a campaign evaluate the same batches again and again: a DJL model keeps their fault-free
        // activations and re-runs only what the fault reaches (the same logits bit for bit; docs/faults.md)
        var incremental = model.capability(IncrementalPrediction.class);
        incremental.ifPresent(m -> m.cacheActivations(clean));
        try (FaultInjection injection = fault.inject(model, scenarioRandom.get())) {
            List<String> sites = injection.sites();
            details.put("faultSiteCount", sites.size());
            details.put("faultSites", List.copyOf(sites.subList(0, Math.min(LISTED_SITES, sites.size()))));
            injection.singleBit().ifPresent(site -> {
                if (site.kind().equals(FaultModel.SingleBit.WEIGHT)) {
                    details.put("faultTensor", site.layer());
                } else {
                    details.put("faultKind", site.kind());
                    details.put("faultLayer", site.layer());
                }
                details.put("faultBit", site.bit());
            });
            logits = incremental.isPresent() ? incremental.get().predictIncrementally(clean) : model.predict(clean);
        }
        Map<String, Object> shared = Collections.unmodifiableMap(details);
        return new BatchResult(clean, logits, Collections.nCopies(clean.size(), shared), true);
    }
}
