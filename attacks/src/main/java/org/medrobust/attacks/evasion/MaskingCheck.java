package org.medrobust.attacks.evasion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.medrobust.models.capability.InputGradients;

/**
 * Flags an evaluation whose gradients cannot be trusted, by the standard signs of gradient masking (Athalye, Carlini
 * and Wagner 2018, "Obfuscated gradients give a false sense of security", section 3.1; the checklist of Carlini et
 * al. 2019, "On evaluating adversarial robustness"), per model and data split, on the clean-correct samples the
 * compared scenarios share:
 * <ol>
 * <li>a black-box attack (scores only, or transfer) beats the white-box attacks of the same norm at the same or a
 * larger budget (a sample counts as robust to them only if none broke it);</li>
 * <li>robust accuracy rises with eps for one attack (same id and settings, only the budget differs);</li>
 * <li>an iterative white-box attack is weaker than a single-step one (FGSM) at the same or a smaller budget;</li>
 * <li>an unbounded attack (DeepFool, C&amp;W, or an L-inf budget of the whole [0, 1] box) leaves samples correct:
 * with no budget every sample can be moved across the boundary, so it should reach 0.</li>
 * </ol>
 * The tolerance is AutoAttack's {@code checks.py} ({@code check_square_sr}): a difference of more than
 * {@value #ALPHA} in robust accuracy. Each is a warning recorded with its numbers, not a failure: the numbers stay,
 * marked suspect. Everything is derived from what a report records (threat id, parameters, per-sample outcomes), so
 * {@code medrobust verify} re-derives the flags from the outcomes.
 */
public final class MaskingCheck {

    /** AutoAttack's tolerance on robust accuracy (0.2 percentage points). */
    public static final double ALPHA = 0.002;

    /** Parameters that change with the budget: scenarios differing only in these are one attack at several eps. */
    private static final Set<String> BUDGET_KEYS = Set.of("eps", "epsGreyLevels", "stepSize", "fractionDropped");

    private static final double TIE = 1e-9;

    private static final Map<String, EvasionAttack> CATALOGUED = new ConcurrentHashMap<>();

    /** How an attack reaches the model, for this check. */
    public enum Access {
        /** Through input gradients. */
        WHITE_BOX,
        /** Through outputs only (scores, or a surrogate's gradients). */
        BLACK_BOX,
        /** Not comparable here: ensembles (checked inside, {@link #ensemble}), occlusion. */
        OTHER
    }

    private MaskingCheck() {
    }

    public static Access access(EvasionAttack attack) {
        if (attack instanceof AutoAttackEnsemble || !isNormBall(attack.threatModel().norm())) {
            return Access.OTHER;
        }
        return attack.requiredCapabilities().contains(InputGradients.class) ? Access.WHITE_BOX : Access.BLACK_BOX;
    }

    /** The access of the catalogued attack a report's threat id names ({@link Access#OTHER} for an unknown id). */
    public static Access access(String threatId) {
        EvasionAttack attack = catalogued(threatId);
        return attack == null ? Access.OTHER : access(attack);
    }

    /** The black-box members of the ensemble a report's threat id names; empty for any other id. */
    public static Set<String> ensembleBlackBoxes(String threatId) {
        return catalogued(threatId) instanceof AutoAttackEnsemble e ? e.blackBoxMembers() : Set.of();
    }

    private static EvasionAttack catalogued(String id) {
        if (!EvasionCatalog.knows(id)) {
            return null;
        }
        // the access and the members do not depend on the budget or the settings, so the defaults stand for all
        return CATALOGUED.computeIfAbsent(id, k -> EvasionCatalog.resolve(k, List.of(1), Map.of()).getFirst());
    }

    /**
     * One completed evasion scenario of a model on a data split, as its report records it.
     *
     * @param attack   the threat id (e.g. pgd_linf)
     * @param eps      the budget; +infinity for an unbounded attack
     * @param steps    iterations per restart (1 for a single-step attack)
     * @param settings the recorded parameters without the budget-dependent ones, canonical: equal for one attack
     *                 at several budgets
     * @param correct  per clean-correct sample index, whether the model still classified it correctly
     */
    public record Run(String id, String attack, Access access, String norm, double eps, boolean targeted, int steps,
            String settings, Map<Integer, Boolean> correct) {

        /** From an attack object (its parameters are what the report records). */
        public static Run of(String id, EvasionAttack attack, Map<Integer, Boolean> correct) {
            return of(id, attack.id(), MaskingCheck.access(attack), attack.parameters(), correct);
        }

        /** From a report's threat id, recorded parameters and outcomes. */
        public static Run of(String id, String attack, Access access, Map<String, ?> parameters,
                Map<Integer, Boolean> correct) {
            Object eps = parameters.get("eps");
            Object steps = parameters.get("steps");
            return new Run(id, attack, access, String.valueOf(parameters.get("norm")),
                    eps instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY,
                    Boolean.TRUE.equals(parameters.get("targeted")), steps instanceof Number n ? n.intValue() : 1,
                    attack + " " + canonical(parameters), correct);
        }

        boolean bounded() {
            return Double.isFinite(eps) && isNormBall(norm);
        }

        boolean unbounded() {
            return access != Access.OTHER && !targeted
                    && (eps == Double.POSITIVE_INFINITY || "Linf".equals(norm) && eps >= 1 - TIE);
        }
    }

    /** Every warning for these runs of one model on one data split, by run id (several joined by "; "). */
    public static Map<String, String> compare(List<Run> runs) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (Run r : runs) {
            blackBeatsWhite(r, runs).ifPresent(w -> found.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(w));
            risesWithEps(r, runs).ifPresent(w -> found.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(w));
            iterativeWeaker(r, runs).ifPresent(w -> found.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(w));
            unboundedFalls(r).ifPresent(w -> found.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(w));
        }
        Map<String, String> warnings = new LinkedHashMap<>();
        found.forEach((id, w) -> warnings.put(id, String.join("; ", w)));
        return warnings;
    }

    /** Sign 1: a black-box run beats the white-box runs of its norm at the same or a larger budget, together. */
    private static Optional<String> blackBeatsWhite(Run b, List<Run> runs) {
        if (b.access() != Access.BLACK_BOX || !b.bounded()) {
            return Optional.empty();
        }
        List<Run> white = runs.stream().filter(w -> w.access() == Access.WHITE_BOX && w.bounded()
                && w.norm().equals(b.norm()) && w.eps() >= b.eps() - TIE).toList();
        Shared c = Shared.of(b, white);
        if (!c.exceeds(c.othersCorrect() - c.runCorrect())) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "possible gradient masking: this black-box attack "
                + "leaves robust accuracy %.4f on the %d samples it shares with the white-box attacks at the same or "
                + "a larger budget (%s), which together leave %.4f; the white-box numbers overstate robustness "
                + "(Athalye et al. 2018; AutoAttack check_square_sr)", c.runAccuracy(), c.common(),
                String.join(", ", white.stream().map(Run::id).toList()), c.othersAccuracy()));
    }

    /** Sign 2: the same attack at a smaller budget leaves a lower robust accuracy. */
    private static Optional<String> risesWithEps(Run r, List<Run> runs) {
        if (!r.bounded()) {
            return Optional.empty();
        }
        for (Run q : runs) {
            if (q.bounded() && q.settings().equals(r.settings()) && q.eps() < r.eps() - TIE) {
                Shared c = Shared.of(r, List.of(q));
                if (c.exceeds(c.runCorrect() - c.othersCorrect())) {
                    return Optional.of(String.format(Locale.ROOT, "possible gradient masking: robust "
                            + "accuracy rises with eps for this attack: %.4f at eps %s against %.4f at eps %s (%s) on "
                            + "the %d samples both attacked; a larger budget must not help the model (Carlini et al. "
                            + "2019)", c.runAccuracy(), eps(r.eps()), c.othersAccuracy(), eps(q.eps()), q.id(),
                            c.common()));
                }
            }
        }
        return Optional.empty();
    }

    /** Sign 3: an iterative white-box run is weaker than a single-step one at the same or a smaller budget. */
    private static Optional<String> iterativeWeaker(Run r, List<Run> runs) {
        if (r.access() != Access.WHITE_BOX || !r.bounded() || r.targeted() || r.steps() < 2) {
            return Optional.empty();
        }
        for (Run f : runs) {
            if (f.access() == Access.WHITE_BOX && f.bounded() && !f.targeted() && f.steps() == 1
                    && f.norm().equals(r.norm()) && f.eps() <= r.eps() + TIE) {
                Shared c = Shared.of(r, List.of(f));
                if (c.exceeds(c.runCorrect() - c.othersCorrect())) {
                    return Optional.of(String.format(Locale.ROOT, "possible gradient masking: this "
                            + "iterative attack leaves robust accuracy %.4f where the single-step %s at the same or a "
                            + "smaller budget leaves %.4f, on the %d samples both attacked (Carlini et al. 2019)",
                            c.runAccuracy(), f.id(), c.othersAccuracy(), c.common()));
                }
            }
        }
        return Optional.empty();
    }

    /** Sign 4: an unbounded untargeted attack leaves samples correct. */
    private static Optional<String> unboundedFalls(Run r) {
        if (!r.unbounded() || r.correct().isEmpty()) {
            return Optional.empty();
        }
        long robust = r.correct().values().stream().filter(Boolean::booleanValue).count();
        double accuracy = robust / (double) r.correct().size();
        if (!new Shared(r.correct().size(), 0, 0).exceeds(robust)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "possible gradient masking: this attack has no "
                + "effective budget (eps %s) but leaves %d of the %d samples it attacked correct (robust accuracy "
                + "%.4f); an unbounded attack should reach 0 (Carlini et al. 2019)", eps(r.eps()), robust,
                r.correct().size(), accuracy));
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
        return String.format(Locale.ROOT, "possible gradient masking: the black-box member broke %d of %d "
                + "samples that the white-box members had left correct (AutoAttack check_square_sr)", late,
                brokenBy.size());
    }

    /**
     * A run against others on the samples it shares with them (seen by at least one): its robust accuracy and the
     * others' together (a sample is robust to them only if none of them broke it).
     */
    private record Shared(int common, int runCorrect, int othersCorrect) {

        static Shared of(Run run, List<Run> others) {
            int common = 0;
            int runCorrect = 0;
            int othersCorrect = 0;
            for (Map.Entry<Integer, Boolean> e : run.correct().entrySet()) {
                boolean seen = false;
                boolean robust = true;
                for (Run o : others) {
                    Boolean c = o.correct().get(e.getKey());
                    if (c != null) {
                        seen = true;
                        robust &= c;
                    }
                }
                if (seen) {
                    common++;
                    runCorrect += e.getValue() ? 1 : 0;
                    othersCorrect += robust ? 1 : 0;
                }
            }
            return new Shared(common, runCorrect, othersCorrect);
        }

        /** Whether {@code samples} of the shared ones are more than {@link #ALPHA} of them (counted, no rounding). */
        boolean exceeds(long samples) {
            return common > 0 && samples > ALPHA * common + TIE;
        }

        double runAccuracy() {
            return runCorrect / (double) common;
        }

        double othersAccuracy() {
            return othersCorrect / (double) common;
        }
    }

    private static boolean isNormBall(String norm) {
        return "Linf".equals(norm) || "L2".equals(norm);
    }

    private static String eps(double eps) {
        return eps == Double.POSITIVE_INFINITY ? "unbounded" : String.format(Locale.ROOT, "%.6g", eps);
    }

    /** Parameters as a canonical string without the budget-dependent keys, at every level (ensemble members). */
    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                if (!BUDGET_KEYS.contains(String.valueOf(k))) {
                    sorted.put(String.valueOf(k), canonical(v));
                }
            });
            return sorted.toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(MaskingCheck::canonical).toList().toString();
        }
        return String.valueOf(value);
    }
}
