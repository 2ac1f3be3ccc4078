package org.medrobust.suite.config;

import org.medrobust.datasets.InvalidInputException;

/**
 * One data set to evaluate on.
 *
 * @param source "builtin:phantom", or a path to a MedMNIST-style .npz file
 * @param split  which split to evaluate: train, val or test (default test)
 * @param limit  evaluate only the first {@code limit} samples; 0 means all
 */
public record DataSpec(String source, String split, Integer limit) {

    public DataSpec {
        if (source == null || source.isBlank()) {
            throw new InvalidInputException("a data entry needs a 'source' (builtin:phantom or a path to a .npz file)");
        }
        split = split == null ? "test" : split;
        limit = limit == null ? 0 : limit;
        if (limit < 0) {
            throw new InvalidInputException("data '" + source + "': limit must be >= 0, got " + limit);
        }
    }
}
