package org.medrobust.attacks.evasion.gradient;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Logits;

/**
 * How a targeted attack picks each image's target class among the classes other than its label (Carlini et al.
 * 2019, "On evaluating adversarial robustness", section 4.3: random targets, or the least likely class as in
 * Kurakin et al. 2017, "Adversarial examples in the physical world", section 2.2).
 */
public enum TargetRule {

    /** Uniform over the other classes, drawn from the image's own generator. */
    RANDOM("random"),
    /** The other class with the lowest clean logit: the hardest target. */
    LEAST_LIKELY("least_likely"),
    /** The other class with the highest clean logit: the easiest target (APGD-T's first one). */
    MOST_LIKELY("most_likely");

    private final String label;

    TargetRule(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** One target per image, never its label. */
    int[] targets(Logits clean, int[] labels, List<RandomGenerator> randoms) {
        int k = clean.classes();
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int best = -1;
            for (int c = 0; c < k; c++) {
                if (c == labels[i]) {
                    continue;
                }
                boolean better = best < 0 || switch (this) {
                    case LEAST_LIKELY -> clean.at(i, c) < clean.at(i, best);
                    case MOST_LIKELY -> clean.at(i, c) > clean.at(i, best);
                    case RANDOM -> false;
                };
                best = better ? c : best;
            }
            if (this == RANDOM) {
                int draw = randoms.get(i).nextInt(k - 1);
                best = draw < labels[i] ? draw : draw + 1;
            }
            out[i] = best;
        }
        return out;
    }

    public static TargetRule parse(String attack, String text) {
        for (TargetRule r : values()) {
            if (r.label.equals(text.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new InvalidInputException("threat " + attack + ": parameter 'target' must be random, least_likely or "
                + "most_likely, got '" + text + "'");
    }
}
