package org.medrobust.attacks.evasion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medrobust.models.capability.InputGradients;

/**
 * Flags an evaluation whose gradients cannot be trusted: a black-box attack that beats the white-box ones on the
 * same model, samples and budget. Gradient attacks are at least as strong as score-based ones on a model whose
 * gradients are honest; when a scores-only attack (Square) or a transfer attack finds adversarial examples the
 * gradient attacks missed, the gradients are probably masked or obfuscated (Athalye, Carlini and Wagner 2018,
 * "Obfuscated gradients give a false sense of security", section 3.1; Carlini et al. 2019, section 6.3), and the
 * white-box robust accuracy overstates robustness. The rule and its tolerance are AutoAttack's {@code checks.py}
 * ({@code check_square_sr}: a warning when Square lowers the robust accuracy left by the white-box attacks by more
 * than {@value #ALPHA}). A warning, not a failure: the numbers stay, marked suspect.
 */
public final class MaskingCheck {

    /** AutoAttack's tolerance on robust accuracy (0.2 percentage points). */
    public static final double ALPHA = 0.002;

    /** How an attack reaches the model, for this check. */
    public enum Access {
        /** Through input gradients only. */
        WHITE_BOX,
        /** Through outputs only (scores, or a surrogate's gradients) under a norm budget. */
        BLACK_BOX,
        /** Not comparable here: ensembles (checked inside, {@link #ensemble}), occlusion, unbounded attacks. */
        OTHER
    }

    private MaskingCheck() {
    }

    public static Access access(EvasionAttack attack) {
        ThreatModel t = attack.threatModel();
        boolean bounded = Double.isFinite(t.eps()) && ("Linf".equals(t.norm()) || "L2".equals(t.norm()));
        if (!bounded || attack instanceof AutoAttackEnsemble) {
            return Access.OTHER;
        }
        return attack.requiredCapabilities().contains(InputGradients.class) ? Access.WHITE_BOX : Access.BLACK_BOX;
    }

    /**
     * One completed evasion scenario of a model on a data split.
     *
     * @param correct per sample index, whether the model still classified it correctly under the attack
     */
    public record Run(String id, EvasionAttack attack, Map<Integer, Boolean> correct) {
    }

    /**
     * For every black-box run that leaves a lower robust accuracy than all white-box runs of the same norm and eps
     * together (a sample counts as robust to them only if none broke it), on the samples they share, by more than
     * {@link #ALPHA}: its id with the warning. Runs must be of one model on one data split.
     */
    public static Map<String, String> compare(List<Run> runs) {
        Map<String, String> warnings = new LinkedHashMap<>();
        for (Run b : runs) {
            if (access(b.attack()) != Access.BLACK_BOX) {
                continue;
            }
            List<Run> white = new ArrayList<>();
            for (Run w : runs) {
                if (access(w.attack()) == Access.WHITE_BOX && sameBudget(w.attack(), b.attack())) {
                    white.add(w);
                }
            }
            int common = 0;
            int blackCorrect = 0;
            int whiteCorrect = 0;
            for (Map.Entry<Integer, Boolean> e : b.correct().entrySet()) {
                boolean seen = false;
                boolean robust = true;
                for (Run w : white) {
                    Boolean c = w.correct().get(e.getKey());
                    if (c != null) {
                        seen = true;
                        robust &= c;
                    }
                }
                if (seen) {
                    common++;
                    blackCorrect += e.getValue() ? 1 : 0;
                    whiteCorrect += robust ? 1 : 0;
                }
            }
            if (common > 0 && (whiteCorrect - blackCorrect) / (double) common > ALPHA) {
                warnings.put(b.id(), String.format(java.util.Locale.ROOT, "possible gradient masking: this black-box "
                        + "attack leaves robust accuracy %.4f on the %d samples it shares with the white-box attacks "
                        + "at the same budget (%s), which together leave %.4f; the white-box numbers overstate "
                        + "robustness (Athalye et al. 2018; AutoAttack check_square_sr)", blackCorrect / (double) common,
                        common, String.join(", ", white.stream().map(Run::id).toList()), whiteCorrect / (double) common));
            }
        }
        return warnings;
    }

    /**
     * Inside an ensemble (AutoAttack's own check): the samples a black-box member broke after the white-box members
     * had left them correct, as a warning when they exceed {@link #ALPHA} of all samples; null otherwise.
     *
     * @param brokenBy   per sample, the member that broke it first ("none", "clean" or a member id)
     * @param blackBoxes ids of the black-box members
     */
    public static String ensemble(List<String> brokenBy, Set<String> blackBoxes) {
        long late = brokenBy.stream().filter(blackBoxes::contains).count();
        if (brokenBy.isEmpty() || late / (double) brokenBy.size() <= ALPHA) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "possible gradient masking: the black-box member broke %d of %d "
                + "samples that the white-box members had left correct (AutoAttack check_square_sr)", late,
                brokenBy.size());
    }

    private static boolean sameBudget(EvasionAttack a, EvasionAttack b) {
        return a.threatModel().norm().equals(b.threatModel().norm())
                && Math.abs(a.threatModel().eps() - b.threatModel().eps()) <= 1e-9;
    }
}
