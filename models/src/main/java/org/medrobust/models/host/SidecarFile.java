package org.medrobust.models.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The input spec a user writes next to a model file, as {@code <model file>.medrobust.yaml}:
 * <pre>
 * inputShape: 1x28x28        # or [1, 28, 28]
 * valueRange: [0, 255]       # or "0,255"
 * classes: [normal, pneumonia]
 * </pre>
 * Every key is optional; unknown keys are errors (a typo must not silently fall back to defaults).
 */
public final class SidecarFile {

    public static final String SUFFIX = ".medrobust.yaml";

    /** A spec of three short keys; anything larger is not a sidecar. */
    private static final long MAX_BYTES = 64 * 1024;

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SidecarFile() {
    }

    /** Where the sidecar of {@code model} lives. */
    public static Path of(Path model) {
        return model.resolveSibling(model.getFileName() + SUFFIX);
    }

    /** The sidecar's spec, or {@link InputSpec#NONE} when there is none. */
    public static InputSpec read(Path model) {
        Path sidecar = of(model);
        if (!Files.exists(sidecar)) {
            return InputSpec.NONE;
        }
        String origin = "sidecar " + sidecar.getFileName();
        Entries entries = parse(model, origin, text(model, origin, sidecar));
        return InputSpecText.parse(model, origin, scalarOrList(model, origin, "inputShape", entries.inputShape),
                scalarOrList(model, origin, "valueRange", entries.valueRange), names(model, origin, entries.classes));
    }

    /** The keys as written; values stay trees so that "1x28x28" and [1, 28, 28] both work. */
    private record Entries(JsonNode inputShape, JsonNode valueRange, JsonNode classes) {
    }

    private static String text(Path model, String origin, Path sidecar) {
        try {
            if (!Files.isRegularFile(sidecar) || Files.size(sidecar) > MAX_BYTES) {
                throw InputSpecText.invalid(model, origin, "not a regular file of at most " + MAX_BYTES + " bytes");
            }
            return Files.readString(sidecar);
        } catch (IOException e) {
            throw InputSpecText.invalid(model, origin, "cannot read it (" + UserModelFile.oneLine(e) + ")");
        }
    }

    private static Entries parse(Path model, String origin, String yaml) {
        if (yaml.isBlank()) {
            return new Entries(null, null, null);
        }
        try {
            return YAML.readValue(yaml, Entries.class);
        } catch (UnrecognizedPropertyException e) {
            throw InputSpecText.invalid(model, origin, "unknown key '" + e.getPropertyName()
                    + "'; known are inputShape, valueRange, classes");
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw InputSpecText.invalid(model, origin, "not a YAML map of inputShape, valueRange, classes" + line + ": "
                    + statement(e.getOriginalMessage()));
        }
    }

    /**
     * SnakeYAML's message: statements, each followed by "in 'reader', line L, column C:", the source line and a
     * caret. Keeps the first and the last statement ("while parsing a flow sequence: expected ',' or ']' ...").
     */
    private static String statement(String message) {
        List<String> lines = message.lines().map(String::strip).toList();
        List<String> said = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean echo = i + 1 < lines.size() && lines.get(i + 1).equals("^");
            if (!line.isEmpty() && !line.equals("^") && !line.startsWith("in 'reader'") && !echo) {
                said.add(line);
            }
        }
        return said.size() <= 1 ? String.join("", said) : said.getFirst() + ": " + said.getLast();
    }

    /** A scalar as text, a list of scalars joined by commas, null when absent. */
    private static String scalarOrList(Path model, String origin, String key, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isArray() && StreamSupport.stream(node.spliterator(), false).allMatch(JsonNode::isValueNode)) {
            return StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(","));
        }
        throw InputSpecText.invalid(model, origin, key + " must be text or a list of numbers, got " + node.getNodeType());
    }

    private static List<String> names(Path model, String origin, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return List.of(node.asText().split(",", -1));
        }
        if (!node.isArray()) {
            throw InputSpecText.invalid(model, origin, "classes must be a list of names, got " + node.getNodeType());
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : node) {
            if (!name.isValueNode()) {
                throw InputSpecText.invalid(model, origin, "classes must be a list of names, not nested " + name.getNodeType());
            }
            names.add(name.asText());
        }
        return names;
    }
}
