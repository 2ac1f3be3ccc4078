package org.medrobust.suite.plan;

import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.fault.FaultModel;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;

/**
 * One seeded trial of a fault model: a scenario of its own ({@code .../s3/t2}), so each trial draws its own fault
 * from the scenario's random stream, journals and resumes alone, and metrics average over trials.
 *
 * @param trial 1-based
 */
public record FaultTrial(FaultModel fault, int trial) implements FaultModel {

    @Override
    public String id() {
        return fault.id();
    }

    @Override
    public int severity() {
        return fault.severity();
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new java.util.LinkedHashMap<>(fault.parameters());
        parameters.put("trial", trial);
        return parameters;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return fault.requiredCapabilities();
    }

    @Override
    public Optional<String> notApplicable(Classifier model) {
        return fault.notApplicable(model);
    }

    @Override
    public FaultInjection inject(Classifier model, RandomGenerator random) {
        return fault.inject(model, random);
    }
}
