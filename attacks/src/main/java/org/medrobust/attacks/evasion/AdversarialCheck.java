package org.medrobust.attacks.evasion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;

/**
 * Runs an attack and judges its output independently of it (Foolbox 3's separation of attack and criterion): the
 * returned images are checked to lie in [0, 1] and within the budget, predicted twice (identical inputs must give
 * identical logits), and success is decided on that prediction. Any failed check is a {@link
 * SuspectEvaluationException}: a bug or a broken model, never a result.
 */
public final class AdversarialCheck {

    /** Slack for float32 rounding of {@code x + delta} (one ulp at 1.0 is 6e-8). */
    private static final double ROUNDING = 1e-6;

    private AdversarialCheck() {
    }

    /**
     * @param inputs  the adversarial images as the model finally saw them
     * @param logits  the model's logits on them (the re-evaluation)
     * @param details per image: success, target (if targeted), L0 of the perturbation (its L2 and L-inf are in every
     *                outcome), queries and the attack's own records
     */
    public record Evaluated(ImageBatch inputs, Logits logits, List<Map<String, Object>> details) {
    }

    public static Evaluated run(EvasionAttack attack, Classifier model, ImageBatch clean, int[] labels,
            List<RandomGenerator> randoms) {
        EvasionAttack.Attacked attacked = attack.attackRecorded(model, clean, labels, randoms);
        ImageBatch adv = attacked.images();
        if (adv.size() != clean.size() || !adv.shape().equals(clean.shape())) {
            throw new SuspectEvaluationException(attack.id() + " returned " + adv.size() + " images of " + adv.shape()
                    + " for " + clean.size() + " of " + clean.shape());
        }
        checkBudget(attack, clean, adv);
        Logits logits = model.predict(adv);
        Logits again = model.predict(new ImageBatch(adv.shape(), adv.size(), adv.data().clone()));
        if (!Arrays.equals(logits.values(), again.values())) {
            throw new SuspectEvaluationException("model " + model.id() + " gave different logits for identical inputs "
                    + "(randomised or stateful inference: its robustness cannot be measured this way)");
        }
        int stride = clean.shape().pixels();
        List<Map<String, Object>> details = new ArrayList<>(clean.size());
        for (int i = 0; i < clean.size(); i++) {
            Map<String, Object> own = attacked.details().isEmpty() ? Map.of() : attacked.details().get(i);
            Object target = own.get(EvasionAttack.TARGET);
            int prediction = logits.argmax(i);
            boolean success = target instanceof Integer t ? prediction == t : prediction != labels[i];
            Map<String, Object> d = new LinkedHashMap<>(own); // the attack's records, but never its verdict
            d.put("success", success);
            d.put("l0", Norm.l0(adv.data(), clean.data(), i * stride, stride));
            details.add(d);
        }
        return new Evaluated(adv, logits, details);
    }

    private static void checkBudget(EvasionAttack attack, ImageBatch clean, ImageBatch adv) {
        ThreatModel t = attack.threatModel();
        int stride = clean.shape().pixels();
        float[] a = adv.data();
        for (int p = 0; p < a.length; p++) {
            if (!(a[p] >= 0f && a[p] <= 1f)) {
                throw new SuspectEvaluationException(attack.id() + " returned pixel value " + a[p] + " (image "
                        + p / stride + "), outside [0, 1]");
            }
        }
        Norm norm = switch (t.norm()) {
            case "Linf" -> Norm.LINF;
            case "L2" -> Norm.L2;
            default -> null; // occlusion budgets are checked by the attack's own pixel count
        };
        if (norm == null) {
            return;
        }
        for (int i = 0; i < clean.size(); i++) {
            double size = norm.size(a, clean.data(), i * stride, stride);
            if (size > t.eps() * (1 + ROUNDING) + ROUNDING) {
                throw new SuspectEvaluationException(attack.id() + " perturbed image " + i + " by " + size + " in "
                        + t.norm() + ", beyond eps " + t.eps());
            }
        }
    }
}
