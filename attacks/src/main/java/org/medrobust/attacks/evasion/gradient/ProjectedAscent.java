package org.medrobust.attacks.evasion.gradient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.evasion.EvasionAttack.Attacked;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;

/**
 * The loop FGSM and PGD share (Madry et al. 2018, eq. 2): {@code x_{t+1} = Proj_{B(x, eps) ∩ [0,1]}(x_t + alpha *
 * step_norm(grad_x CE(f(x_t), y)))}, the whole batch at once. An image that is misclassified at some iterate is
 * frozen there (any iterate that breaks the model is an adversarial example, as AutoAttack counts them) and leaves
 * the batch, so later steps cost less. Images left unbroken after the last restart keep their final iterate.
 */
final class ProjectedAscent {

    /**
     * @param norm        the ball and the steepest-ascent direction
     * @param eps         radius of the ball
     * @param stepSize    alpha
     * @param steps       gradient steps per restart
     * @param restarts    independent runs; the later ones attack only what the earlier ones left unbroken
     * @param randomStart start each run at a uniform point of the L-inf ball (torchattacks PGD) or a random
     *                    direction at a uniform radius of the L2 ball (torchattacks PGDL2)
     */
    record Settings(Norm norm, double eps, double stepSize, int steps, int restarts, boolean randomStart) {
    }

    private ProjectedAscent() {
    }

    static Attacked run(Settings s, Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        return run(s, model, images, labels, null, randoms);
    }

    /**
     * @param targets null for the untargeted goal (ascend CE(f(x), y), any wrong class breaks the image); else the
     *                target class per image: descend CE(f(x), t) (Kurakin et al. 2017's targeted step) until the
     *                prediction is t, recorded per image under {@code EvasionAttack.TARGET}
     */
    static Attacked run(Settings s, Classifier model, ImageBatch images, int[] labels, int[] targets,
            List<RandomGenerator> randoms) {
        int[] goal = targets == null ? labels : targets;
        double step = targets == null ? s.stepSize() : -s.stepSize();
        GradientOracle oracle = GradientOracle.of(model);
        int n = images.size();
        int stride = images.shape().pixels();
        float[] clean = images.data();
        float[] result = clean.clone();
        float[] x = new float[clean.length];
        boolean[] broken = new boolean[n];
        int[] queries = new int[n];
        int[] brokenAt = new int[n];
        int[] zeroGradients = new int[n];
        java.util.Arrays.fill(brokenAt, -1);
        for (int restart = 0; restart < s.restarts(); restart++) {
            boolean last = restart == s.restarts() - 1;
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!broken[i]) {
                    active.add(i);
                    System.arraycopy(clean, i * stride, x, i * stride, stride);
                    if (s.randomStart()) {
                        randomStart(s, x, clean, i * stride, stride, randoms.get(i));
                    }
                }
            }
            for (int t = 0; t < s.steps() && !active.isEmpty(); t++) {
                int[] rows = active.stream().mapToInt(Integer::intValue).toArray();
                GradientOracle.Step ce = oracle.crossEntropy(x, rows, goal);
                List<Integer> still = new ArrayList<>(rows.length);
                for (int j = 0; j < rows.length; j++) {
                    int i = rows[j];
                    queries[i]++;
                    zeroGradients[i] += ce.zero()[j] ? 1 : 0;
                    if (reached(ce.logits().argmax(j), labels[i], targets, i)) {
                        broken[i] = true;
                        brokenAt[i] = restart * s.steps() + t;
                        System.arraycopy(x, i * stride, result, i * stride, stride);
                        continue;
                    }
                    int from = i * stride;
                    s.norm().ascend(x, from, ce.gradient(), j * stride, stride, step);
                    s.norm().project(x, clean, from, stride, s.eps());
                    still.add(i);
                }
                active = still;
            }
            if (last) {
                active.forEach(i -> System.arraycopy(x, i * stride, result, i * stride, stride));
            } else if (!active.isEmpty()) {
                checkFinal(model, images, x, active, labels, targets, queries, broken, brokenAt, result,
                        (restart + 1) * s.steps());
            }
        }
        List<Map<String, Object>> details = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (targets != null) {
                d.put(org.medrobust.attacks.evasion.EvasionAttack.TARGET, targets[i]);
            }
            d.put("queries", queries[i]);
            d.put("brokenAtStep", brokenAt[i]);
            d.put("zeroGradientSteps", zeroGradients[i]);
            details.add(d);
        }
        return new Attacked(new ImageBatch(images.shape(), n, result), details);
    }

    /** Between restarts: the final iterates are predicted, and the broken ones kept. */
    /** Whether the goal is met: any wrong class (untargeted) or the image's target class. */
    private static boolean reached(int prediction, int label, int[] targets, int i) {
        return targets == null ? prediction != label : prediction == targets[i];
    }

    private static void checkFinal(Classifier model, ImageBatch images, float[] x, List<Integer> active, int[] labels,
            int[] targets, int[] queries, boolean[] broken, int[] brokenAt, float[] result, int step) {
        int stride = images.shape().pixels();
        float[] data = new float[active.size() * stride];
        for (int j = 0; j < active.size(); j++) {
            System.arraycopy(x, active.get(j) * stride, data, j * stride, stride);
        }
        Logits logits = model.predict(new ImageBatch(images.shape(), active.size(), data));
        for (int j = 0; j < active.size(); j++) {
            int i = active.get(j);
            queries[i]++;
            if (reached(logits.argmax(j), labels[i], targets, i)) {
                broken[i] = true;
                brokenAt[i] = step;
                System.arraycopy(x, i * stride, result, i * stride, stride);
            }
        }
    }

    private static void randomStart(Settings s, float[] x, float[] clean, int from, int stride, RandomGenerator random) {
        if (s.norm() == Norm.LINF) {
            for (int p = from; p < from + stride; p++) {
                x[p] = clean[p] + (float) ((2 * random.nextDouble() - 1) * s.eps());
            }
        } else {
            double[] d = new double[stride];
            double size = 0;
            for (int p = 0; p < stride; p++) {
                d[p] = random.nextGaussian();
                size += d[p] * d[p];
            }
            double scale = random.nextDouble() * s.eps() / Math.max(Math.sqrt(size), 1e-12);
            for (int p = 0; p < stride; p++) {
                x[from + p] = clean[from + p] + (float) (d[p] * scale);
            }
        }
        s.norm().project(x, clean, from, stride, s.eps());
    }
}
