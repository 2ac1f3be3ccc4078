package org.medrobust.models.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;

/**
 * Parses the user's text for an {@link InputSpec} (CLI flags, config entries, sidecar values), failing with one line
 * that names the file and the declaration. Used alike for every source, so all accept the same spellings.
 */
public final class InputSpecText {

    /** Far above any image a 28x28 to 512x512 medical classifier takes; stops absurd allocations early. */
    private static final long MAX_PIXELS = 1L << 28;
    private static final int MAX_CLASSES = 10_000;
    private static final int MAX_CLASS_NAME = 200;

    private InputSpecText() {
    }

    /**
     * @param file   the model file, named in errors
     * @param origin where the text was written, e.g. "--input-shape" or "sidecar m.onnx.medrobust.yaml"
     * @param shape  "C,H,W" or "CxHxW", or null
     * @param range  "min,max", or null
     * @param names  class names, or null
     */
    public static InputSpec parse(Path file, String origin, String shape, String range, List<String> names) {
        return InputSpec.of(origin, shape == null ? null : shape(file, origin, shape),
                range == null ? null : range(file, origin, range), names == null ? null : classes(file, origin, names));
    }

    /** "C,H,W" or "CxHxW", e.g. 1x28x28. */
    public static ImageShape shape(Path file, String origin, String text) {
        String[] parts = text.strip().split("\\s*[,xX]\\s*", -1);
        try {
            if (parts.length == 3) {
                ImageShape shape = new ImageShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2]));
                if ((long) shape.channels() * shape.height() * shape.width() <= MAX_PIXELS) {
                    return shape;
                }
            }
        } catch (IllegalArgumentException e) {
            // not three positive integers: the message below says what is expected
        }
        throw invalid(file, origin, "image shape '" + text + "' is not C,H,W of positive sizes (e.g. 1x28x28)");
    }

    /** "min,max", e.g. 0,255. */
    public static ValueRange range(Path file, String origin, String text) {
        String[] parts = text.strip().split("\\s*,\\s*", -1);
        if (parts.length != 2) {
            throw invalid(file, origin, "value range '" + text + "' is not min,max (e.g. 0,1 or 0,255)");
        }
        try {
            return new ValueRange(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        } catch (NumberFormatException e) {
            throw invalid(file, origin, "value range '" + text + "' is not two numbers min,max (e.g. 0,255)");
        } catch (IllegalArgumentException e) {
            throw invalid(file, origin, e.getMessage());
        }
    }

    /** Non-blank, distinct, printable names. */
    public static List<String> classes(Path file, String origin, List<String> names) {
        if (names.isEmpty() || names.size() > MAX_CLASSES) {
            throw invalid(file, origin, "class names must number 1 to " + MAX_CLASSES + ", got " + names.size());
        }
        List<String> clean = new ArrayList<>(names.size());
        for (String name : names) {
            String stripped = name == null ? "" : name.strip();
            if (stripped.isEmpty() || stripped.length() > MAX_CLASS_NAME || stripped.chars().anyMatch(Character::isISOControl)) {
                throw invalid(file, origin, "class name '" + printable(stripped) + "' must be 1 to " + MAX_CLASS_NAME
                        + " printable characters");
            }
            clean.add(stripped);
        }
        if (new HashSet<>(clean).size() != clean.size()) {
            throw invalid(file, origin, "class names repeat: " + clean);
        }
        return List.copyOf(clean);
    }

    /** A one-line error naming the model file and the declaration. */
    public static InvalidInputException invalid(Path file, String origin, String problem) {
        return new InvalidInputException(file + ": " + origin + ": " + problem);
    }

    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
