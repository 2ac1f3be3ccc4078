package org.medrobust.suite.plan;

import java.nio.file.Path;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.perturbations.site.SiteProfileFile;
import org.medrobust.perturbations.site.SiteShift;
import org.medrobust.suite.config.ThreatSpec;

/**
 * A threat entry with {@code profile:}: the site its id names, from the user's profile file (bound by the config
 * loader relative to the config; a config built in code reads it relative to the working directory). A site has one
 * level and no tunable parameters: the file is its parameters.
 */
final class SiteProfileThreats {

    private SiteProfileThreats() {
    }

    static Threat resolve(ThreatSpec spec) {
        String where = "threat '" + spec.id() + "'";
        if (!spec.parameters().isEmpty() || spec.trials() != null) {
            throw new InvalidInputException(where + ": a site from a profile file takes no 'parameters' or 'trials';"
                    + " its file is its parameters");
        }
        if (!spec.severities().isEmpty() && !spec.severities().equals(java.util.List.of(1))) {
            throw new InvalidInputException(where + ": a site profile has one level, asked for severities "
                    + spec.severities());
        }
        SiteProfileFile file = spec.profileFile() != null ? spec.profileFile()
                : SiteProfileFile.load(Path.of(""), spec.profile(), where);
        return new SiteShift(file.forThreat(spec.id(), where), file);
    }
}
