package org.medrobust.suite.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.IoErrors;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;

/** Reads a report.json written earlier (by this or a previous release), with one-line errors naming the file. */
public final class ReportFiles {

    private ReportFiles() {
    }

    /** The parsed tree, after checking it is a medrobust report of a schema this version reads. */
    public static JsonNode tree(Path file) {
        JsonNode root;
        try {
            root = ResultJson.compact().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": report not found");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read report: " + IoErrors.why(e));
        }
        String schema = root == null ? null : root.path("schema").asText(null);
        if (schema == null || !schema.startsWith("medrobust.report/")) {
            throw new InvalidInputException(file + ": not a medrobust report.json (schema " + schema + ")");
        }
        return root;
    }

    /** Every scenario of a report.json. */
    public static List<ScenarioResult> scenarios(Path file) {
        return convert(file, tree(file).path("scenarios"), new TypeReference<>() { });
    }

    /** The gate verdicts a report.json recorded. */
    public static List<GateVerdict> gates(Path file) {
        return convert(file, tree(file).path("gates"), new TypeReference<>() { });
    }

    /** The whole report, as the suite wrote it. */
    public static CampaignReport report(Path file) {
        return convert(file, tree(file), new TypeReference<>() { });
    }

    private static <T> T convert(Path file, JsonNode node, TypeReference<T> type) {
        try {
            return ResultJson.compact().treeToValue(node, ResultJson.compact().constructType(type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidInputException(file + ": not a report this medrobust can read: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
