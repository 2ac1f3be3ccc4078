package org.medrobust.reports.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;

/**
 * report.json as two CSV tables for spreadsheets and data frames: one row per scenario (scenarios.csv) and one row
 * per sample outcome (outcomes.csv). Written by Jackson's CSV module (RFC 4180 quoting); nested values (threat
 * parameters, per-sample details) are one compact JSON cell each. Derived from the report only, so the same report
 * gives the same bytes.
 */
public final class CsvExport {

    public static final String SCENARIOS_CSV = "scenarios.csv";
    public static final String OUTCOMES_CSV = "outcomes.csv";

    private static final List<String> SCENARIO_COLUMNS = List.of("id", "model", "dataset", "split", "family", "threat",
            "severity", "status", "samples", "correct", "accuracy", "accuracy_ci95_low", "accuracy_ci95_high",
            "flip_rate", "mean_confidence", "mean_linf", "mean_l2", "attack_success_rate", "reason", "parameters");
    private static final List<String> OUTCOME_COLUMNS = List.of("scenario", "model", "threat", "severity", "index",
            "label", "prediction", "clean_prediction", "correct", "confidence", "linf", "l2", "details");

    private static final CsvMapper CSV = new CsvMapper();

    private CsvExport() {
    }

    public static String scenarios(CampaignReport report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ScenarioResult s : report.scenarios()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", s.id());
            row.put("model", s.model());
            row.put("dataset", s.dataset());
            row.put("split", s.split());
            row.put("family", s.family());
            row.put("threat", s.threat());
            row.put("severity", s.severity());
            row.put("status", s.status().name());
            if (s.metrics() != null) {
                row.put("samples", s.metrics().samples());
                row.put("correct", s.metrics().correct());
                row.put("accuracy", s.metrics().accuracy());
                row.put("accuracy_ci95_low", s.metrics().accuracyCi95()[0]);
                row.put("accuracy_ci95_high", s.metrics().accuracyCi95()[1]);
                row.put("flip_rate", s.metrics().flipRate());
                row.put("mean_confidence", s.metrics().meanConfidence());
                row.put("mean_linf", s.metrics().meanLinf());
                row.put("mean_l2", s.metrics().meanL2());
            }
            if (s.attack() != null) {
                row.put("attack_success_rate", s.attack().successRate());
            }
            row.put("reason", s.reason());
            row.put("parameters", json(s.parameters()));
            rows.add(row);
        }
        return write(SCENARIO_COLUMNS, rows);
    }

    public static String outcomes(CampaignReport report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ScenarioResult s : report.scenarios()) {
            if (s.outcomes() == null) {
                continue;
            }
            for (SampleOutcome o : s.outcomes()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("scenario", s.id());
                row.put("model", s.model());
                row.put("threat", s.threat());
                row.put("severity", s.severity());
                row.put("index", o.index());
                row.put("label", o.label());
                row.put("prediction", o.prediction());
                row.put("clean_prediction", o.cleanPrediction());
                row.put("correct", o.correct());
                row.put("confidence", o.confidence());
                row.put("linf", o.linf());
                row.put("l2", o.l2());
                row.put("details", o.details().isEmpty() ? null : json(o.details()));
                rows.add(row);
            }
        }
        return write(OUTCOME_COLUMNS, rows);
    }

    private static String write(List<String> columns, List<Map<String, Object>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n");
        columns.forEach(schema::addColumn);
        try {
            return CSV.writer(schema.build()).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write CSV", e);
        }
    }

    private static String json(Object value) {
        try {
            return value == null ? null : ResultJson.compact().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }
}
