package org.medrobust.reports.dossier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A risk item as the campaign config recorded it in report.json ({@code risks: [{id, description, threats}]}).
 * Read back from the recorded config, so that a dossier can be rebuilt from report.json alone.
 */
public record RiskItem(String id, String description, List<String> threats) {

    /** The risks of a recorded config; empty when it has none. */
    public static List<RiskItem> of(Map<String, Object> config) {
        List<RiskItem> risks = new ArrayList<>();
        if (config != null && config.get("risks") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map) {
                    List<String> threats = map.get("threats") instanceof List<?> t
                            ? t.stream().map(String::valueOf).toList() : List.of();
                    risks.add(new RiskItem(String.valueOf(map.get("id")),
                            map.get("description") == null ? "" : String.valueOf(map.get("description")), threats));
                }
            }
        }
        return risks;
    }

    /** The intended use of a recorded config, or null. */
    public static String intendedUse(Map<String, Object> config) {
        return config == null || config.get("intendedUse") == null ? null : String.valueOf(config.get("intendedUse"));
    }
}
