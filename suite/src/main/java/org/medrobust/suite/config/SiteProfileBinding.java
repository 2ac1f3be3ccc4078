package org.medrobust.suite.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medrobust.perturbations.site.SiteProfileFile;

/**
 * Reads the site-profile files a config's threats name ({@code profile:}), relative to the config's own folder, so
 * that a config and its profiles move together and a bad file stops the run before anything is computed.
 */
final class SiteProfileBinding {

    private SiteProfileBinding() {
    }

    static CampaignConfig bind(CampaignConfig config, Path configFile) {
        if (config.threats().stream().allMatch(t -> t.profile() == null)) {
            return config;
        }
        Path parent = configFile.toAbsolutePath().getParent();
        Path folder = parent == null ? Path.of("") : parent;
        List<ThreatSpec> bound = new ArrayList<>();
        for (ThreatSpec spec : config.threats()) {
            if (spec.profile() == null) {
                bound.add(spec);
                continue;
            }
            String where = configFile + ": threat '" + spec.id() + "'";
            SiteProfileFile file = SiteProfileFile.load(folder, spec.profile(), where);
            file.forThreat(spec.id(), where); // the id must name one of its profiles: checked now, not mid-run
            bound.add(spec.withProfileFile(file));
        }
        return config.withThreats(bound);
    }
}
