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

    /** environment.json as written (keys in file order); empty when the directory has none. */
    public static java.util.Map<String, Object> environment(Path file) {
        try {
            java.util.Map<String, Object> env = ResultJson.compact().readValue(Files.readString(file),
                    new TypeReference<java.util.LinkedHashMap<String, Object>>() { });
            return env == null ? java.util.Map.of() : env;
        } catch (NoSuchFileException e) {
            return java.util.Map.of();
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + IoErrors.why(e));
        }
    }

    /**
     * A JSON file beside report.json whose {@code schema} must be {@code expected}, or empty when the file is absent.
     */
    static <T> java.util.Optional<T> optional(Path file, Class<T> type, java.util.function.Function<T, String> schema,
            String expected) {
        try {
            T value = ResultJson.compact().readValue(Files.readString(file), type);
            String found = value == null ? null : schema.apply(value);
            if (!expected.equals(found)) {
                throw new InvalidInputException(file + ": not a " + expected + " file (schema " + found + ")");
            }
            return java.util.Optional.of(value);
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + IoErrors.why(e));
        }
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
