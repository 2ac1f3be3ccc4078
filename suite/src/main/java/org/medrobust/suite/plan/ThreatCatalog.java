package org.medrobust.suite.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.medrobust.attacks.fault.FaultCatalog;
import org.medrobust.attacks.fault.FaultModel;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.perturbations.PerturbationCatalog;
import org.medrobust.suite.config.ThreatSpec;

/** Every threat a campaign can name, across families, resolved from config entries. */
public final class ThreatCatalog {

    private ThreatCatalog() {
    }

    /** All known threat ids. */
    public static List<String> ids() {
        return Stream.concat(PerturbationCatalog.ids().stream(), FaultCatalog.ids().stream()).toList();
    }

    /** The threats a config entry asks for, one per severity (and per trial for faults), mildest first. */
    public static List<Threat> resolve(ThreatSpec spec) {
        if (FaultCatalog.contains(spec.id())) {
            return faults(spec);
        }
        if (!PerturbationCatalog.ids().contains(spec.id())) {
            throw new InvalidInputException("unknown threat '" + spec.id() + "': known are " + ids()
                    + " (see 'medrobust list')");
        }
        if (spec.trials() != null) {
            throw new InvalidInputException("threat '" + spec.id() + "': 'trials' applies to fault models only");
        }
        List<Threat> threats = new ArrayList<>();
        if (spec.severities().isEmpty()) {
            threats.addAll(PerturbationCatalog.allSeverities(spec.id()));
        } else {
            spec.severities().forEach(severity -> threats.add(PerturbationCatalog.create(spec.id(), severity)));
        }
        return threats;
    }

    private static List<Threat> faults(ThreatSpec spec) {
        List<FaultModel> levels = new ArrayList<>();
        try {
            if (spec.severities().isEmpty()) {
                levels.addAll(FaultCatalog.allSeverities(spec.id()));
            } else {
                spec.severities().forEach(severity -> levels.add(FaultCatalog.create(spec.id(), severity)));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("threat '" + spec.id() + "': " + e.getMessage());
        }
        int trials = spec.trials() == null ? FaultCatalog.DEFAULT_TRIALS : spec.trials();
        List<Threat> threats = new ArrayList<>();
        for (FaultModel level : levels) {
            for (int trial = 1; trial <= trials; trial++) {
                threats.add(new FaultTrial(level, trial));
            }
        }
        return threats;
    }
}
