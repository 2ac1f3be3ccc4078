package org.medrobust.suite.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.reports.json.ResultJson;

/** Reads campaign configs from YAML files or built-in presets, with one-line errors for every mistake. */
public final class ConfigLoader {

    /** Built-in presets, in the order {@code medrobust list} shows them. */
    public static final List<String> PRESETS = List.of("default", "full", "attacks", "faults");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ConfigLoader() {
    }

    public static CampaignConfig load(Path file) {
        try {
            return SiteProfileBinding.bind(parse(Files.readString(file), file.toString()), file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": config file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read config: " + e.getMessage());
        }
    }

    public static CampaignConfig preset(String name) {
        if (!PRESETS.contains(name)) {
            throw new InvalidInputException("unknown preset '" + name + "': use one of " + PRESETS);
        }
        String resource = "/org/medrobust/suite/presets/" + name + ".yaml";
        try (InputStream in = ConfigLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in preset missing from the jar: " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "preset " + name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in preset " + resource, e);
        }
    }

    /** The effective config a report.json recorded (its {@code config}), as the run had it. */
    public static CampaignConfig fromReport(Map<String, Object> config, String origin) {
        try {
            return parse(ResultJson.compact().writeValueAsString(config), origin); // JSON is YAML
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(origin + ": its config cannot be read back: " + e.getOriginalMessage());
        }
    }

    /** The config as a JSON-friendly map, as it is recorded in report.json. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(CampaignConfig config) {
        return ResultJson.compact().convertValue(config, Map.class);
    }

    /** SHA-256 of the canonical JSON form (sorted keys, no whitespace): equal configs hash equal, whatever the YAML. */
    public static String sha256(CampaignConfig config) {
        try {
            return Sha256.of(ResultJson.compact().writeValueAsString(toMap(config)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise config", e);
        }
    }

    /**
     * A gates file for {@code medrobust gate}: the {@code gates:} list of a campaign config (other keys are
     * ignored, so a campaign's own config serves), or a file holding only that list.
     */
    public static List<GateSpec> loadGates(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": gates file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read gates: " + e.getMessage());
        }
        com.fasterxml.jackson.databind.JsonNode root = read(yaml, file.toString(),
                com.fasterxml.jackson.databind.JsonNode.class);
        com.fasterxml.jackson.databind.JsonNode list = root.isArray() ? root : root.path("gates");
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidInputException(file + ": no gates: expected a 'gates:' list (docs/gates.md)");
        }
        // the list as JSON (valid YAML) through the same mapper: unknown keys and bad values get the same messages
        return List.of(read(list.toString(), file.toString(), GateSpec[].class));
    }

    private static CampaignConfig parse(String yaml, String origin) {
        if (yaml.isBlank()) {
            throw new InvalidInputException(origin + ": config is empty");
        }
        return read(yaml, origin, CampaignConfig.class).requireRunnable(origin);
    }

    private static <T> T read(String yaml, String origin, Class<T> type) {
        try {
            return YAML.readValue(yaml, type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException(origin + ": unknown setting '" + e.getPropertyName() + "'"
                    + lineOf(yaml, e.getPropertyName()) + "; known here are " + e.getKnownPropertyIds());
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new InvalidInputException(origin + ": " + cause.getMessage() + where(e));
        } catch (JsonMappingException e) {
            throw new InvalidInputException(origin + ": " + e.getOriginalMessage() + where(e));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(origin + ": not valid YAML: " + oneLine(e.getOriginalMessage()) + where(e));
        }
    }

    /** The YAML parser reads ahead, so an unknown key's reported location can be past it: find the key itself. */
    private static String lineOf(String yaml, String key) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*(-\\s+)?['\"]?" + java.util.regex.Pattern.quote(key) + "['\"]?\\s*:.*")) {
                return " (line " + (i + 1) + ")";
            }
        }
        return "";
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    /** SnakeYAML's messages quote the source over several lines: keep the first and the last statement. */
    private static String oneLine(String message) {
        List<String> lines = message.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.equals("^") && !line.startsWith("in 'reader'")).toList();
        if (lines.size() <= 1) {
            return String.join("", lines);
        }
        return lines.getFirst() + ": " + lines.getLast();
    }
}
