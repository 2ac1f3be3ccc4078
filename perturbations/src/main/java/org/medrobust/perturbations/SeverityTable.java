package org.medrobust.perturbations;

import java.util.List;
import org.medrobust.datasets.InvalidInputException;

/** A published parameter tuple per severity level 1..n, for corruptions with more than one parameter. */
public record SeverityTable<T>(String threatId, List<T> rows) {

    public SeverityTable {
        rows = List.copyOf(rows);
    }

    @SafeVarargs
    public static <T> SeverityTable<T> of(String threatId, T... rows) {
        return new SeverityTable<>(threatId, List.of(rows));
    }

    public int levels() {
        return rows.size();
    }

    /** The row at a severity level (1 = mildest). */
    public T at(int severity) {
        if (severity < 1 || severity > rows.size()) {
            throw new InvalidInputException(threatId + ": severity " + severity + " is out of range, use 1.." + rows.size());
        }
        return rows.get(severity - 1);
    }
}
