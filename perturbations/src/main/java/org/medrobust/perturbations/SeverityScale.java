package org.medrobust.perturbations;

import org.medrobust.datasets.InvalidInputException;

/** The parameter value of a corruption at each severity level 1..n, as published for it. */
public record SeverityScale(String threatId, double... values) {

    public int levels() {
        return values.length;
    }

    /** The value at a severity level (1 = mildest). */
    public double at(int severity) {
        if (severity < 1 || severity > values.length) {
            throw new InvalidInputException(threatId + ": severity " + severity + " is out of range, use 1.." + values.length);
        }
        return values[severity - 1];
    }
}
