package org.medrobust.suite.config;

import org.medrobust.datasets.InvalidInputException;

/**
 * A pass/fail rule checked after the campaign; a failed gate makes the run exit with code 1.
 *
 * @param type      min_clean_accuracy (accuracy of every model on clean data &gt;= threshold) or
 *                  max_accuracy_drop (clean minus threatened accuracy &lt;= threshold for the matching scenarios)
 * @param threshold the bound, a fraction in [0, 1]
 * @param threat    for max_accuracy_drop: restrict to this threat id (default: every threat)
 * @param severity  for max_accuracy_drop: restrict to this severity (default: every severity)
 * @param model     restrict to this model id (default: every model)
 */
public record GateSpec(String type, Double threshold, String threat, Integer severity, String model) {

    public GateSpec {
        if (type == null || threshold == null) {
            throw new InvalidInputException("a gate needs a 'type' and a 'threshold'");
        }
        if (threshold < 0 || threshold > 1) {
            throw new InvalidInputException("gate " + type + ": threshold must be in [0, 1], got " + threshold);
        }
    }
}
