package org.medrobust.suite.plan;

import java.util.ArrayList;
import java.util.List;
import org.medrobust.attacks.evasion.EvasionCatalog;
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
        List<String> ids = new ArrayList<>(PerturbationCatalog.ids());
        ids.addAll(EvasionCatalog.ids());
        return ids;
    }

    /** The threats a config entry asks for, one per severity, mildest first. */
    public static List<Threat> resolve(ThreatSpec spec) {
        if (EvasionCatalog.knows(spec.id())) {
            return List.copyOf(EvasionCatalog.resolve(spec.id(), spec.severities(), spec.parameters()));
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
}
