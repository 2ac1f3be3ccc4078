package org.medrobust.datasets.manifest;

import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.medrobust.datasets.InvalidInputException;

/**
 * Turns a manifest's label column into class indices. With declared class names, a label is one of the names or
 * an index into them. Without, labels that are all non-negative integers are indices (classes "class_0" up to the
 * largest); otherwise the distinct labels, sorted (String order), are the class names.
 */
final class ManifestLabels {

    private static final int MAX_CLASSES = 10_000;

    private final List<String> classNames;
    private final boolean byIndex;

    private ManifestLabels(List<String> classNames, boolean byIndex) {
        this.classNames = List.copyOf(classNames);
        this.byIndex = byIndex;
    }

    static ManifestLabels of(List<ManifestRow> rows, List<String> declared, String file) {
        if (declared != null) {
            if (declared.isEmpty() || declared.stream().anyMatch(n -> n == null || n.isBlank())
                    || new HashSet<>(declared).size() != declared.size()) {
                throw new InvalidInputException(file + ": declared class names " + declared + " must be non-blank and"
                        + " distinct");
            }
            return new ManifestLabels(declared, false);
        }
        if (rows.stream().allMatch(row -> index(row.label()) >= 0)) {
            int max = rows.stream().mapToInt(row -> index(row.label())).max().orElse(0);
            if (max >= MAX_CLASSES) {
                throw new InvalidInputException(file + ": label " + max + " is more than the " + MAX_CLASSES
                        + " classes medrobust takes; labels are class indices from 0 or class names");
            }
            return new ManifestLabels(IntStream.rangeClosed(0, max).mapToObj(k -> "class_" + k).toList(), true);
        }
        TreeSet<String> names = new TreeSet<>();
        rows.forEach(row -> names.add(row.label()));
        return new ManifestLabels(List.copyOf(names), false);
    }

    List<String> classNames() {
        return classNames;
    }

    int label(ManifestRow row, String file) {
        int index = index(row.label());
        if (byIndex) {
            return index;
        }
        int named = classNames.indexOf(row.label());
        if (named >= 0) {
            return named;
        }
        if (index >= 0 && index < classNames.size()) {
            return index;
        }
        throw new InvalidInputException(row.where(file) + ": label '" + row.label() + "' is neither one of the classes "
                + classNames + " nor an index into them");
    }

    /** The label as a non-negative integer, or -1. */
    private static int index(String label) {
        if (!label.matches("[0-9]{1,9}")) {
            return -1;
        }
        return Integer.parseInt(label);
    }
}
