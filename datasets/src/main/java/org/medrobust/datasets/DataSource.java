package org.medrobust.datasets;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything one data file (or generator) provides: its splits, and an identity for results.
 *
 * @param name   short name, e.g. "pneumoniamnist_28" or "phantom"
 * @param sha256 SHA-256 of the file, or of the generator's parameters for synthetic data
 * @param splits   the splits present
 * @param warnings problems that do not stop a run but that a person should see (e.g. one patient in two splits),
 *                 one line each
 */
public record DataSource(String name, String sha256, Map<Split, Dataset> splits, List<String> warnings) {

    public DataSource {
        // in declaration order (train, val, test), not Map.copyOf's order, which changes from JVM to JVM: error lines
        // and anything else that lists the splits must read the same in every run
        Map<Split, Dataset> ordered = new EnumMap<>(Split.class);
        splits.forEach((split, dataset) -> ordered.put(split, Objects.requireNonNull(dataset, split.key())));
        splits = Collections.unmodifiableMap(ordered);
        warnings = List.copyOf(warnings);
    }

    public DataSource(String name, String sha256, Map<Split, Dataset> splits) {
        this(name, sha256, splits, List.of());
    }

    public Dataset split(Split split) {
        Dataset dataset = splits.get(split);
        if (dataset == null) {
            throw new InvalidInputException("data set '" + name + "' has no " + split.key() + " split (it has " + availableKeys() + ")");
        }
        return dataset;
    }

    public Set<Split> available() {
        return splits.keySet();
    }

    /** The splits present, as their keys in declaration order: "train, test". */
    public String availableKeys() {
        return available().stream().map(Split::key).collect(Collectors.joining(", "));
    }
}
