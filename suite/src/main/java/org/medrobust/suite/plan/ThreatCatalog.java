package org.medrobust.suite.plan;

import java.util.ArrayList;
import java.util.List;
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
        return PerturbationCatalog.ids();
    }

    /** The threats a config entry asks for, one per severity, mildest first. */
    public static List<Threat> resolve(ThreatSpec spec) {
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
