package org.medrobust.suite.plan;

import java.util.ArrayList;
import java.util.List;
import org.medrobust.attacks.evasion.EvasionCatalog;
import org.medrobust.attacks.fault.FaultCatalog;
import org.medrobust.attacks.fault.FaultModel;
import org.medrobust.attacks.fault.attack.BitFlipAttackThreat;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.perturbations.PerturbationCatalog;
import org.medrobust.suite.config.ThreatSpec;

/** Every threat a campaign can name, across families, resolved from config entries. */
public final class ThreatCatalog {

    private ThreatCatalog() {
    }

    /** All known threat ids: perturbations (corruptions, physics, sites), evasion attacks, fault models. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>(PerturbationCatalog.ids());
        ids.addAll(EvasionCatalog.ids());
        ids.addAll(FaultCatalog.ids());
        ids.add(BitFlipAttackThreat.ID);
        return ids;
    }

    /** The threats a config entry asks for, one per severity (and per trial for faults), mildest first. */
    public static List<Threat> resolve(ThreatSpec spec) {
        return MitigationThreats.expand(spec, resolveUnmitigated(spec));
    }

    private static List<Threat> resolveUnmitigated(ThreatSpec spec) {
        if (spec.trials() != null && !FaultCatalog.contains(spec.id())) {
            throw new InvalidInputException("threat '" + spec.id() + "': 'trials' applies to fault models only");
        }
        if (spec.profile() != null) {
            return List.of(SiteProfileThreats.resolve(spec));
        }
        if (EvasionCatalog.knows(spec.id())) {
            return List.copyOf(EvasionCatalog.resolve(spec.id(), spec.severities(), spec.parameters()));
        }
        if (FaultCatalog.contains(spec.id())) {
            return faults(spec);
        }
        if (BitFlipAttackThreat.ID.equals(spec.id())) {
            return List.of(BitFlipAttackThreat.resolve(spec.severities(), spec.parameters()));
        }
        if (!spec.parameters().isEmpty() && PerturbationCatalog.ids().contains(spec.id())) {
            throw new InvalidInputException("threat " + spec.id() + " takes no 'parameters' (its severities are "
                    + "its published levels)");
        }
        if (!PerturbationCatalog.ids().contains(spec.id())) {
            throw new InvalidInputException("unknown threat '" + spec.id() + "': known are " + ids()
                    + " (see 'medrobust list')");
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
