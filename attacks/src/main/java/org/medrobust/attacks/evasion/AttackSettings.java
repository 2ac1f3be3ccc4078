package org.medrobust.attacks.evasion;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.medrobust.datasets.InvalidInputException;

/**
 * A config entry's settings for one attack, read with one-line errors. Budgets may be written as fractions
 * ({@code "2/255"}), step sizes relative to eps ({@code "eps/4"}).
 */
public final class AttackSettings {

    private final String attack;
    private final Map<String, Object> values;

    /** @throws InvalidInputException naming an unknown key and the known ones */
    public AttackSettings(String attack, Map<String, Object> values, Set<String> known) {
        this.attack = attack;
        this.values = values == null ? Map.of() : values;
        for (String key : this.values.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidInputException("threat " + attack + ": unknown parameter '" + key + "': known are "
                        + new TreeSet<>(known));
            }
        }
    }

    public int integer(String key, int fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer || v instanceof Long) {
            return Math.toIntExact(((Number) v).longValue());
        }
        throw bad(key, v, "a whole number");
    }

    public String text(String key, String fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s) {
            return s;
        }
        // YAML reads an unquoted true, no, 1e-3 ... as a boolean or number: say how to keep it text
        boolean yamlScalar = v instanceof Boolean || v instanceof Number;
        throw bad(key, v, yamlScalar ? "text (quote it in YAML: '" + v + "')" : "text");
    }

    /**
     * One of {@code choices}, named by its key exactly as written, or {@code fallback} where the setting is absent.
     *
     * @param listing the accepted keys as the error lists them, e.g. "perBatch or attackBatch"
     * @throws InvalidInputException "threat ID: key must be LISTING, got VALUE" for any other text
     */
    public <E> E choice(String key, E fallback, List<E> choices, Function<E, String> keyOf, String listing) {
        String text = text(key, null);
        if (text == null) {
            return fallback;
        }
        return choices.stream().filter(c -> keyOf.apply(c).equals(text)).findFirst()
                .orElseThrow(() -> new InvalidInputException("threat " + attack + ": " + key + " must be " + listing
                        + ", got " + text));
    }

    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw bad(key, v, "true or false");
    }

    /** A number, a fraction "a/b", or, where {@code eps} is given, "eps/b" or "eps*b". */
    public double number(String key, double fallback, double eps) {
        Object v = values.get(key);
        return v == null ? fallback : parse(key, v, eps);
    }

    /** The eps ladder: a single value or a list, each one severity, mildest first as given. */
    public List<Double> ladder(List<Double> fallback) {
        Object v = values.get("eps");
        if (v == null) {
            return fallback;
        }
        List<?> items = v instanceof List<?> list ? list : List.of(v);
        if (items.isEmpty()) {
            throw bad("eps", v, "a number or a list of numbers");
        }
        return items.stream().map(item -> parse("eps", item, Double.NaN)).toList();
    }

    private double parse(String key, Object v, double eps) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            String text = s.strip().replace(" ", "");
            try {
                if (text.startsWith("eps") && !Double.isNaN(eps)) {
                    String rest = text.substring(3);
                    if (rest.isEmpty()) {
                        return eps;
                    }
                    double b = Double.parseDouble(rest.substring(1));
                    return switch (rest.charAt(0)) {
                        case '/' -> eps / b;
                        case '*' -> eps * b;
                        default -> throw new NumberFormatException(text);
                    };
                }
                int slash = text.indexOf('/');
                return slash < 0 ? Double.parseDouble(text)
                        : Double.parseDouble(text.substring(0, slash)) / Double.parseDouble(text.substring(slash + 1));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                // fall through to the error below
            }
        }
        throw bad(key, v, Double.isNaN(eps) ? "a number or a fraction such as \"2/255\""
                : "a number, a fraction or \"eps/4\"");
    }

    private InvalidInputException bad(String key, Object v, String expected) {
        return new InvalidInputException("threat " + attack + ": parameter '" + key + "' must be " + expected
                + ", got '" + v + "'");
    }
}
