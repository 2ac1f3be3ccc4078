package org.medrobust.datasets.medmnist;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medrobust.datasets.InvalidInputException;

/** Chooses class names: the caller's, else the known names of a MedMNIST task, else "class_0".."class_{K-1}". */
final class ClassNames {

    /** Label meanings of the MedMNIST v2 tasks we ship, by file-name prefix (see shared/data/medmnist/PROVENANCE.md). */
    private static final Map<String, List<String>> KNOWN = Map.of(
            "pneumoniamnist", List.of("normal", "pneumonia"),
            "breastmnist", List.of("malignant", "normal_or_benign"));

    private ClassNames() {
    }

    /**
     * @param given      names chosen by the caller, or null
     * @param classCount max label + 1
     * @param largest    where the largest label is, e.g. "label 7 at test_labels[12]", for error messages
     */
    static List<String> choose(List<String> given, int classCount, String file, String largest) {
        if (given != null) {
            checkGiven(given, classCount, file, largest);
            return List.copyOf(given);
        }
        String lower = file.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, List<String>> known : KNOWN.entrySet()) {
            if (lower.startsWith(known.getKey())) {
                if (classCount > known.getValue().size()) {
                    throw new InvalidInputException(file + ": " + largest + " is outside " + known.getKey()
                            + "'s " + known.getValue().size() + " classes " + known.getValue()
                            + "; check the file, or load it with explicit class names");
                }
                return known.getValue();
            }
        }
        List<String> generic = new ArrayList<>(classCount);
        for (int k = 0; k < classCount; k++) {
            generic.add("class_" + k);
        }
        return List.copyOf(generic);
    }

    private static void checkGiven(List<String> given, int classCount, String file, String largest) {
        if (given.size() < classCount) {
            throw new InvalidInputException(file + ": " + largest + " is outside the " + given.size()
                    + " classes given " + given + "; give one name per class");
        }
        if (given.stream().anyMatch(name -> name == null || name.isBlank()) || new HashSet<>(given).size() != given.size()) {
            throw new InvalidInputException(file + ": class names " + given + " must be non-blank and distinct");
        }
    }
}
