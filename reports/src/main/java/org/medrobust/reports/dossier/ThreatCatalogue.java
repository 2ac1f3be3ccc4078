package org.medrobust.reports.dossier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medrobust.reports.schema.ScenarioResult;

/**
 * Every threat level the campaign applied, once: its family, the parameters it recorded (exactly what was applied)
 * and the published source it names (its {@code source} parameter, which every corruption and attack records).
 */
public record ThreatCatalogue(String threat, String family, int severity, Map<String, Object> parameters,
        String source) {

    public static List<ThreatCatalogue> of(List<ScenarioResult> scenarios) {
        Map<String, ThreatCatalogue> entries = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            Map<String, Object> parameters = new TreeMap<>(s.parameters() == null ? Map.of() : s.parameters());
            Object source = parameters.remove("source");
            parameters.remove("trial"); // fault trials differ by seed only: one row per level
            entries.putIfAbsent(s.threat() + "|" + s.severity() + "|" + parameters, new ThreatCatalogue(s.threat(),
                    s.family(), s.severity(), parameters, source == null ? null : String.valueOf(source)));
        }
        return new ArrayList<>(entries.values());
    }
}
