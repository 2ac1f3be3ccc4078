package org.medrobust.attacks.evasion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.evasion.blackbox.SquareAttack;
import org.medrobust.attacks.evasion.gradient.Apgd;
import org.medrobust.attacks.evasion.gradient.LogitLoss;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.InputGradients;

/**
 * The AutoAttack "standard" ensemble (Croce and Hein 2020, section 5; auto-attack {@code autoattack.py},
 * version "standard"), composition, order and parameters pinned and printed in {@link #parameters()}: APGD-CE
 * (100 iterations, 1 restart), APGD-T (targeted DLR, 100 iterations, the top 9 classes), Square (5,000 queries,
 * p_init 0.8). Each member attacks only the images the previous ones left correctly classified; each image records
 * which member broke it first ({@code brokenBy}, "none" when none did).
 */
public final class AutoAttackEnsemble extends BaseAttack {

    public static final String ID = "autoattack";
    /** The pinned composition, in order; printed with every result. */
    public static final String VERSION = "medrobust autoattack-standard/1: apgd_ce(100 it, 1 run) -> "
            + "apgd_t(targeted DLR, 100 it, 9 targets) -> square_linf(5000 queries, p_init 0.8)";

    private final List<EvasionAttack> members;

    public AutoAttackEnsemble(int severity, double eps, int iterations, int squareQueries) {
        super(ID, severity, new ThreatModel(Norm.LINF.label(), eps, false, iterations, 2 * eps, 1, true,
                (iterations + 1) * 10 + squareQueries));
        members = List.of(new Apgd(Apgd.ID_CE, Norm.LINF, LogitLoss.CROSS_ENTROPY, severity, eps, iterations, 1, 1),
                new Apgd(Apgd.ID_TARGETED, Norm.LINF, LogitLoss.DLR_TARGETED, severity, eps, iterations, 1, 9),
                new SquareAttack(severity, eps, squareQueries, SquareAttack.DEFAULT_P_INIT));
    }

    /** Ids of the members that use no gradients (Square), for {@link MaskingCheck#ensemble}. */
    public Set<String> blackBoxMembers() {
        Set<String> ids = new java.util.TreeSet<>();
        members.stream().filter(m -> MaskingCheck.access(m) == MaskingCheck.Access.BLACK_BOX)
                .forEach(m -> ids.add(m.id()));
        return ids;
    }

    /** The members' calls: APGD's gradient calls and Square's forward-only queries. */
    @Override
    public CallBudget calls() {
        return members.stream().map(EvasionAttack::calls).reduce(new CallBudget(0, 0), CallBudget::plus);
    }

    /** White-box members need gradients; a model without them should get Square alone (square_linf). */
    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(InputGradients.class);
    }

    @Override
    protected void specifics(SequencedMap<String, Object> p) {
        p.put("version", VERSION);
        Map<String, Object> composition = new LinkedHashMap<>();
        members.forEach(m -> composition.put(m.id(), m.parameters()));
        p.put("members", composition);
    }

    @Override
    protected String source() {
        return "Croce and Hein 2020, section 5 (auto-attack autoattack.py, version standard)";
    }

    @Override
    public Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        int n = images.size();
        int stride = images.shape().pixels();
        float[] result = images.data().clone();
        String[] brokenBy = new String[n];
        int[] queries = new int[n];
        Logits clean = model.predict(images);
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            queries[i] = 1;
            brokenBy[i] = clean.argmax(i) == labels[i] ? "none" : "clean";
            if (clean.argmax(i) == labels[i]) {
                remaining.add(i);
            }
        }
        for (EvasionAttack member : members) {
            if (remaining.isEmpty()) {
                break;
            }
            ImageBatch sub = subset(images, remaining);
            int[] subLabels = remaining.stream().mapToInt(i -> labels[i]).toArray();
            List<RandomGenerator> subRandoms = remaining.stream().map(randoms::get).toList();
            Attacked attacked = member.attackRecorded(model, sub, subLabels, subRandoms);
            Logits logits = model.predict(attacked.images()); // judged here, not by the member's claim
            List<Integer> still = new ArrayList<>();
            for (int j = 0; j < remaining.size(); j++) {
                int i = remaining.get(j);
                queries[i] += (Integer) attacked.details().get(j).getOrDefault("queries", 0) + 1;
                System.arraycopy(attacked.images().data(), j * stride, result, i * stride, stride);
                if (logits.argmax(j) != labels[i]) {
                    brokenBy[i] = member.id();
                } else {
                    still.add(i);
                }
            }
            remaining = still;
        }
        List<Map<String, Object>> details = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("brokenBy", brokenBy[i]);
            d.put("queries", queries[i]);
            details.add(d);
        }
        return new Attacked(new ImageBatch(images.shape(), n, result), details);
    }

    private static ImageBatch subset(ImageBatch images, List<Integer> rows) {
        int stride = images.shape().pixels();
        float[] data = new float[rows.size() * stride];
        for (int j = 0; j < rows.size(); j++) {
            System.arraycopy(images.data(), rows.get(j) * stride, data, j * stride, stride);
        }
        return new ImageBatch(images.shape(), rows.size(), data);
    }
}
