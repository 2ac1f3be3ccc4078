package org.medrobust.attacks.evasion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medrobust.attacks.evasion.blackbox.SquareAttack;
import org.medrobust.attacks.evasion.blackbox.SquareAttackL2;
import org.medrobust.attacks.evasion.blackbox.TransferAttack;
import org.medrobust.attacks.evasion.occlusion.PatchDrop;
import org.medrobust.attacks.evasion.gradient.Apgd;
import org.medrobust.attacks.evasion.gradient.CarliniWagnerL2;
import org.medrobust.attacks.evasion.gradient.DeepFool;
import org.medrobust.attacks.evasion.gradient.Fgsm;
import org.medrobust.attacks.evasion.gradient.LogitLoss;
import org.medrobust.attacks.evasion.gradient.Pgd;
import org.medrobust.attacks.evasion.gradient.TargetRule;
import org.medrobust.attacks.evasion.gradient.TargetedPgd;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * Every evasion attack by id, with its pinned defaults: a ladder of budgets (one severity each) and the settings a
 * config entry may replace. The defaults follow the papers and the common benchmarks (RobustBench's 8/255 and 0.5
 * sit in the ladders).
 */
public final class EvasionCatalog {

    /** L-infinity budgets, in grey levels: 1, 2, 4 and 8 of 255. */
    public static final List<Double> LINF_LADDER = List.of(1 / 255.0, 2 / 255.0, 4 / 255.0, 8 / 255.0);
    /** L2 budgets (a 28x28 image has L2 diameter 28). */
    public static final List<Double> L2_LADDER = List.of(0.1, 0.25, 0.5, 1.0);

    /** PatchDrop's drop ratios, Naseer et al. 2021's 0.1, 0.2, ..., 0.9 (0 is the clean scenario). */
    public static final List<Double> PATCH_DROP_LADDER = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);

    /** PGD L-inf crafted on a zoo model, shown to the target. */
    public static final String TRANSFER_PGD = "transfer_pgd_linf";

    /** Minimal-perturbation attacks have no budget: one scenario, at severity 0. */
    private static final List<Double> UNBOUNDED = List.of(Double.POSITIVE_INFINITY);

    /** Madry et al.'s step size rule: alpha = 2.5 * eps / steps. */
    private static final double MADRY_STEP = 2.5;
    private static final int PGD_STEPS = 10;

    private interface Factory {
        EvasionAttack create(int severity, double eps, AttackSettings settings);
    }

    private record Entry(List<Double> ladder, Set<String> keys, Factory factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        ENTRIES.put(Fgsm.ID, new Entry(LINF_LADDER, Set.of("eps"), (severity, eps, s) -> new Fgsm(severity, eps)));
        ENTRIES.put(Pgd.ID_LINF, new Entry(LINF_LADDER, pgdKeys(), (severity, eps, s) -> pgd(Norm.LINF, severity, eps, s)));
        ENTRIES.put(Pgd.ID_L2, new Entry(L2_LADDER, pgdKeys(), (severity, eps, s) -> pgd(Norm.L2, severity, eps, s)));
        ENTRIES.put(SquareAttack.ID, new Entry(LINF_LADDER, Set.of("eps", "queries", "pInit"), (severity, eps, s) ->
                new SquareAttack(severity, eps, s.integer("queries", SquareAttack.DEFAULT_QUERIES),
                        s.number("pInit", SquareAttack.DEFAULT_P_INIT, Double.NaN))));
        ENTRIES.put(SquareAttackL2.ID, new Entry(L2_LADDER, Set.of("eps", "queries", "pInit"), (severity, eps, s) ->
                new SquareAttackL2(severity, eps, s.integer("queries", SquareAttack.DEFAULT_QUERIES),
                        s.number("pInit", SquareAttack.DEFAULT_P_INIT, Double.NaN))));
        ENTRIES.put(TargetedPgd.ID_LINF, new Entry(LINF_LADDER, targetedKeys(), (severity, eps, s) ->
                targetedPgd(Norm.LINF, severity, eps, s)));
        ENTRIES.put(TargetedPgd.ID_L2, new Entry(L2_LADDER, targetedKeys(), (severity, eps, s) ->
                targetedPgd(Norm.L2, severity, eps, s)));
        apgdEntries(Norm.LINF, LINF_LADDER, Apgd.ID_CE, Apgd.ID_DLR, Apgd.ID_TARGETED);
        ENTRIES.put(Apgd.ID_DLR_TARGETED_GOAL, new Entry(LINF_LADDER, Set.of("eps", "steps", "restarts", "target"),
                (severity, eps, s) -> new Apgd(Norm.LINF, severity, eps, s.integer("steps", Apgd.DEFAULT_ITERATIONS),
                        s.integer("restarts", 1), TargetRule.parse(Apgd.ID_DLR_TARGETED_GOAL,
                        s.text("target", TargetRule.RANDOM.label())))));
        apgdEntries(Norm.L2, L2_LADDER, Apgd.ID_CE_L2, Apgd.ID_DLR_L2, Apgd.ID_TARGETED_L2);
        ENTRIES.put(DeepFool.ID_L2, new Entry(UNBOUNDED, Set.of("steps", "overshoot"), (severity, eps, s) ->
                deepFool(Norm.L2, s)));
        ENTRIES.put(DeepFool.ID_LINF, new Entry(UNBOUNDED, Set.of("steps", "overshoot"), (severity, eps, s) ->
                deepFool(Norm.LINF, s)));
        ENTRIES.put(CarliniWagnerL2.ID, new Entry(UNBOUNDED, Set.of("binarySteps", "steps", "c", "kappa"),
                (severity, eps, s) -> new CarliniWagnerL2(s.integer("binarySteps", CarliniWagnerL2.DEFAULT_BINARY_STEPS),
                        s.integer("steps", CarliniWagnerL2.DEFAULT_STEPS), s.number("c", CarliniWagnerL2.DEFAULT_C,
                        Double.NaN), s.number("kappa", 0, Double.NaN))));
        ENTRIES.put(PatchDrop.ID, new Entry(PATCH_DROP_LADDER, Set.of("eps", "patch", "fill"),
                (severity, eps, s) -> new PatchDrop(severity, eps, s.integer("patch", PatchDrop.DEFAULT_PATCH),
                        s.number("fill", PatchDrop.DEFAULT_FILL, Double.NaN))));
        ENTRIES.put(TRANSFER_PGD, new Entry(LINF_LADDER, Set.of("eps", "surrogate", "steps", "stepSize", "restarts",
                "randomStart"), (severity, eps, s) -> {
                    String surrogate = s.text("surrogate", "builtin:cnn_phantom");
                    if (!surrogate.startsWith("builtin:")) {
                        throw new InvalidInputException("threat " + TRANSFER_PGD + ": surrogate must be a built-in "
                                + "model, builtin:<id>, got '" + surrogate + "'");
                    }
                    return new TransferAttack(TRANSFER_PGD, surrogate, () -> BuiltinModels.load(
                            surrogate.substring("builtin:".length())), pgd(Norm.LINF, severity, eps, s));
                }));
        ENTRIES.put(AutoAttackEnsemble.ID, new Entry(LINF_LADDER, Set.of("eps", "steps", "queries"),
                (severity, eps, s) -> new AutoAttackEnsemble(severity, eps, s.integer("steps", Apgd.DEFAULT_ITERATIONS),
                        s.integer("queries", SquareAttack.DEFAULT_QUERIES))));
    }

    private EvasionCatalog() {
    }

    private static Set<String> pgdKeys() {
        return Set.of("eps", "steps", "stepSize", "restarts", "randomStart");
    }

    private static Set<String> apgdKeys() {
        return Set.of("eps", "steps", "restarts", "targets");
    }

    private static Set<String> targetedKeys() {
        Set<String> keys = new java.util.HashSet<>(pgdKeys());
        keys.add("target");
        return Set.copyOf(keys);
    }

    /** APGD-CE, APGD-DLR and APGD-T in one norm, on its ladder. */
    private static void apgdEntries(Norm norm, List<Double> ladder, String ce, String dlr, String targeted) {
        ENTRIES.put(ce, new Entry(ladder, apgdKeys(), (severity, eps, s) ->
                apgd(ce, norm, LogitLoss.CROSS_ENTROPY, severity, eps, s)));
        ENTRIES.put(dlr, new Entry(ladder, apgdKeys(), (severity, eps, s) ->
                apgd(dlr, norm, LogitLoss.DLR, severity, eps, s)));
        ENTRIES.put(targeted, new Entry(ladder, apgdKeys(), (severity, eps, s) ->
                apgd(targeted, norm, LogitLoss.DLR_TARGETED, severity, eps, s)));
    }

    /** AutoAttack's defaults: 100 iterations, 1 run (5 for APGD-DLR in the "plus" version), 9 targets. */
    private static EvasionAttack apgd(String id, Norm norm, LogitLoss loss, int severity, double eps,
            AttackSettings s) {
        return new Apgd(id, norm, loss, severity, eps, s.integer("steps", Apgd.DEFAULT_ITERATIONS),
                s.integer("restarts", 1), s.integer("targets", 9));
    }

    /** As {@link #pgd}, towards a target class per image ({@code target}: random, least_likely, most_likely). */
    private static EvasionAttack targetedPgd(Norm norm, int severity, double eps, AttackSettings s) {
        int steps = s.integer("steps", PGD_STEPS);
        return new TargetedPgd(norm, severity, eps, steps, s.number("stepSize", MADRY_STEP * eps / steps, eps),
                s.integer("restarts", 1), s.bool("randomStart", true), TargetRule.parse(
                norm == Norm.LINF ? TargetedPgd.ID_LINF : TargetedPgd.ID_L2,
                s.text("target", TargetRule.RANDOM.label())));
    }

    private static EvasionAttack deepFool(Norm norm, AttackSettings s) {
        return new DeepFool(norm, s.integer("steps", DeepFool.DEFAULT_STEPS),
                s.number("overshoot", DeepFool.DEFAULT_OVERSHOOT, Double.NaN));
    }

    private static EvasionAttack pgd(Norm norm, int severity, double eps, AttackSettings s) {
        int steps = s.integer("steps", PGD_STEPS);
        return new Pgd(norm, severity, eps, steps, s.number("stepSize", MADRY_STEP * eps / steps, eps),
                s.integer("restarts", 1), s.bool("randomStart", true));
    }

    public static List<String> ids() {
        return List.copyOf(ENTRIES.keySet());
    }

    public static boolean knows(String id) {
        return ENTRIES.containsKey(id);
    }

    /**
     * The attacks a config entry asks for, one per budget of the ladder, mildest first.
     *
     * @param severities 1-based positions in the ladder; empty means all
     * @param parameters settings replacing the defaults (the ladder itself as {@code eps})
     */
    public static List<EvasionAttack> resolve(String id, List<Integer> severities, Map<String, Object> parameters) {
        Entry entry = ENTRIES.get(id);
        if (entry == null) {
            throw new InvalidInputException("unknown attack '" + id + "': known are " + ids());
        }
        AttackSettings settings = new AttackSettings(id, parameters, entry.keys());
        List<Double> ladder = settings.ladder(entry.ladder());
        List<EvasionAttack> attacks = new ArrayList<>();
        List<Integer> levels = severities.isEmpty()
                ? java.util.stream.IntStream.rangeClosed(1, ladder.size()).boxed().toList() : severities;
        for (int severity : levels) {
            if (severity < 1 || severity > ladder.size()) {
                throw new InvalidInputException("threat " + id + ": severity " + severity + " is not in 1.."
                        + ladder.size() + " (its eps ladder is " + ladder + ")");
            }
            attacks.add(entry.factory().create(severity, ladder.get(severity - 1), settings));
        }
        return attacks;
    }
}
