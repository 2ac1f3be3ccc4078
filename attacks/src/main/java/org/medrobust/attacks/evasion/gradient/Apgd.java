package org.medrobust.attacks.evasion.gradient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.evasion.BaseAttack;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.ThreatModel;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.InputGradients;

/**
 * Auto-PGD (Croce and Hein 2020, "Reliable evaluation of adversarial robustness with an ensemble of diverse
 * parameter-free attacks", Algorithm 1; auto-attack {@code autopgd_base.py}, {@code APGDAttack} and
 * {@code APGDAttack_targeted}), with the cross-entropy, DLR or targeted DLR loss ({@link LogitLoss}).
 *
 * <pre>
 *   x_0 = x + eps * t / ||t||   (t uniform in [-1, 1]^d for L-inf, Gaussian for L2), eta = 2 eps
 *   z_{k+1} = P(x_k + eta * d(grad L(x_k)))                     d = sign (L-inf) or g / ||g||_2 (L2)
 *   x_{k+1} = P(x_k + a (z_{k+1} - x_k) + (1 - a)(x_k - x_{k-1}))   a = 1 at k = 0, then 0.75 (momentum)
 * </pre>
 * At checkpoints every 22 % of the iterations (the interval shrinking by 3 % per checkpoint, down to 6 %), an image
 * whose loss rose in at most 75 % of the interval's steps, or whose step was not halved last time and whose best
 * loss did not improve, halves eta and restarts from its best point. An image is broken at its first
 * misclassified iterate. The targeted version runs once per target, the classes ranked 2..K by the clean logits,
 * each on the images the previous targets left unbroken; success stays "any wrong class". With a {@link TargetRule}
 * (the targeted-goal constructor, {@code apgd_dlr_targeted}) the goal itself is targeted: one target per image,
 * targeted DLR towards it, an image stops at the first iterate predicted as its target, and success is reaching it.
 */
public final class Apgd extends BaseAttack {

    public static final String ID_CE = "apgd_ce";
    public static final String ID_DLR = "apgd_dlr";
    public static final String ID_TARGETED = "apgd_t";
    /** The same three in L2 (auto-attack's norm='L2': Gaussian random start, g / ||g||_2 steps, eta = 2 eps). */
    /** Targeted goal: targeted DLR towards one target per image, success = predicted as the target. */
    public static final String ID_DLR_TARGETED_GOAL = "apgd_dlr_targeted";
    public static final String ID_CE_L2 = "apgd_ce_l2";
    public static final String ID_DLR_L2 = "apgd_dlr_l2";
    public static final String ID_TARGETED_L2 = "apgd_t_l2";
    public static final int DEFAULT_ITERATIONS = 100;
    /** Momentum a and the oscillation threshold rho of Algorithm 1. */
    static final double MOMENTUM = 0.75;
    static final double RHO = 0.75;

    private final Norm norm;
    private final LogitLoss loss;
    private final int targets;
    private final TargetRule goal;

    /**
     * @param targets for {@link LogitLoss#DLR_TARGETED}, how many of the top classes to target (at most K - 1; 9 in
     *                AutoAttack); ignored otherwise
     */
    public Apgd(String id, Norm norm, LogitLoss loss, int severity, double eps, int iterations, int restarts,
            int targets) {
        super(id, severity, new ThreatModel(norm.label(), eps, false, iterations, 2 * eps, restarts, true,
                (iterations + 1) * restarts * (loss == LogitLoss.DLR_TARGETED ? targets : 1)));
        this.norm = norm;
        this.loss = loss;
        this.targets = targets;
        this.goal = null;
    }

    /** APGD with a targeted goal ({@value #ID_DLR_TARGETED_GOAL}): targeted DLR towards the class {@code goal} picks. */
    public Apgd(Norm norm, int severity, double eps, int iterations, int restarts, TargetRule goal) {
        super(ID_DLR_TARGETED_GOAL, severity, new ThreatModel(norm.label(), eps, true, iterations, 2 * eps, restarts,
                true, (iterations + 1) * restarts + 1));
        this.norm = norm;
        this.loss = LogitLoss.DLR_TARGETED;
        this.targets = 1;
        this.goal = goal;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(InputGradients.class);
    }

    @Override
    protected void specifics(SequencedMap<String, Object> p) {
        p.put("loss", loss.label());
        p.put("momentum", MOMENTUM);
        p.put("rho", RHO);
        p.put("checkpoints", "every 22 % of the iterations, shrinking by 3 % to at least 6 %");
        if (goal != null) {
            p.put("target", goal.label());
        } else if (loss == LogitLoss.DLR_TARGETED) {
            p.put("targets", "the top " + targets + " classes other than the true one, by clean logit (at most K-1)");
        }
    }

    @Override
    protected String source() {
        return "Croce and Hein 2020, Algorithm 1 (auto-attack autopgd_base.py)";
    }

    @Override
    public Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        GradientOracle oracle = GradientOracle.of(model);
        State s = new State(images, labels);
        int runs = threatModel().restarts();
        int[][] targetLists = null;
        if (goal != null) {
            int[] chosen = goal.targets(model.predict(images), labels, randoms);
            targetLists = new int[s.n][];
            for (int i = 0; i < s.n; i++) {
                targetLists[i] = new int[] {chosen[i]};
                s.queries[i]++; // the clean forward that chose it
            }
        } else if (loss == LogitLoss.DLR_TARGETED) {
            targetLists = rankedTargets(model.predict(images), labels, targets);
        }
        int targetRuns = targetLists == null ? 1 : targetLists[0].length;
        for (int t = 0; t < targetRuns; t++) {
            int[] target = null;
            if (targetLists != null) {
                target = new int[s.n];
                for (int i = 0; i < s.n; i++) {
                    target[i] = targetLists[i][t];
                }
            }
            for (int r = 0; r < runs; r++) {
                run(oracle, s, target, randoms);
            }
        }
        List<Map<String, Object>> details = new ArrayList<>(s.n);
        for (int i = 0; i < s.n; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (goal != null) {
                d.put(TARGET, targetLists[i][0]);
            }
            d.put("queries", s.queries[i]);
            d.put("brokenAtStep", s.brokenAt[i]);
            d.put("zeroGradientSteps", s.zeroGradients[i]);
            details.add(d);
        }
        return new Attacked(new ImageBatch(images.shape(), s.n, s.result), details);
    }

    /** Per image, the {@code count} classes other than its label with the largest clean logits. */
    static int[][] rankedTargets(Logits clean, int[] labels, int count) {
        int k = clean.classes();
        int take = Math.min(count, k - 1);
        int[][] out = new int[labels.length][take];
        for (int i = 0; i < labels.length; i++) {
            float[] z = Arrays.copyOfRange(clean.values(), i * k, (i + 1) * k);
            int filled = 0;
            for (int c : LogitLoss.order(z)) {
                if (c != labels[i] && filled < take) {
                    out[i][filled++] = c;
                }
            }
        }
        return out;
    }

    /** The per-image bookkeeping of the whole attack across runs. */
    private static final class State {
        final int n;
        final int stride;
        final float[] clean;
        final float[] result;
        final int[] labels;
        final boolean[] broken;
        final int[] queries;
        final int[] brokenAt;
        final int[] zeroGradients;
        int stepsSoFar;

        State(ImageBatch images, int[] labels) {
            n = images.size();
            stride = images.shape().pixels();
            clean = images.data();
            result = clean.clone();
            this.labels = labels;
            broken = new boolean[n];
            queries = new int[n];
            brokenAt = new int[n];
            zeroGradients = new int[n];
            Arrays.fill(brokenAt, -1);
        }
    }

    private void run(GradientOracle oracle, State s, int[] target, List<RandomGenerator> randoms) {
        int iterations = threatModel().steps();
        double eps = threatModel().eps();
        int stride = s.stride;
        float[] x = new float[s.clean.length];
        float[] xOld = new float[s.clean.length];
        float[] xBest = new float[s.clean.length];
        float[] grad = new float[s.clean.length];
        float[] gradBest = new float[s.clean.length];
        double[] f = new double[s.n];
        double[] fBest = new double[s.n];
        double[] fBestAtCheck = new double[s.n];
        double[] eta = new double[s.n];
        boolean[] reducedAtCheck = new boolean[s.n];
        int[] increases = new int[s.n];
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < s.n; i++) {
            if (!s.broken[i]) {
                active.add(i);
                start(x, s.clean, i * stride, stride, eps, randoms.get(i));
                eta[i] = 2 * eps;
                reducedAtCheck[i] = true;
            }
        }
        active = evaluate(oracle, s, target, x, grad, f, active);
        for (int i : active) {
            fBest[i] = f[i];
            fBestAtCheck[i] = f[i];
            System.arraycopy(x, i * stride, xOld, i * stride, stride);
            System.arraycopy(x, i * stride, xBest, i * stride, stride);
            System.arraycopy(grad, i * stride, gradBest, i * stride, stride);
        }
        int interval = Math.max((int) (0.22 * iterations), 1);
        int shrink = Math.max((int) (0.03 * iterations), 1);
        int shortest = Math.max((int) (0.06 * iterations), 1);
        int sinceCheck = 0;
        float[] z = new float[stride];
        for (int it = 0; it < iterations && !active.isEmpty(); it++) {
            double a = it == 0 ? 1.0 : MOMENTUM;
            for (int i : active) {
                int from = i * stride;
                System.arraycopy(x, from, z, 0, stride);
                float[] cleanImage = Arrays.copyOfRange(s.clean, from, from + stride);
                norm.ascend(z, 0, grad, from, stride, eta[i]);
                norm.project(z, cleanImage, 0, stride, eps);
                for (int p = 0; p < stride; p++) {
                    float current = x[from + p];
                    z[p] = (float) (current + a * (z[p] - current) + (1 - a) * (current - xOld[from + p]));
                }
                norm.project(z, cleanImage, 0, stride, eps);
                System.arraycopy(x, from, xOld, from, stride);
                System.arraycopy(z, 0, x, from, stride);
            }
            double[] before = f.clone();
            s.stepsSoFar++;
            active = evaluate(oracle, s, target, x, grad, f, active);
            sinceCheck++;
            for (int i : active) {
                increases[i] += f[i] > before[i] ? 1 : 0;
                if (f[i] > fBest[i]) {
                    fBest[i] = f[i];
                    System.arraycopy(x, i * stride, xBest, i * stride, stride);
                    System.arraycopy(grad, i * stride, gradBest, i * stride, stride);
                }
            }
            if (sinceCheck == interval) {
                for (int i : active) {
                    boolean oscillating = increases[i] <= interval * RHO;
                    boolean stalled = !reducedAtCheck[i] && fBestAtCheck[i] >= fBest[i];
                    reducedAtCheck[i] = oscillating || stalled;
                    fBestAtCheck[i] = fBest[i];
                    increases[i] = 0;
                    if (reducedAtCheck[i]) {
                        eta[i] /= 2;
                        System.arraycopy(xBest, i * stride, x, i * stride, stride);
                        System.arraycopy(gradBest, i * stride, grad, i * stride, stride);
                    }
                }
                sinceCheck = 0;
                interval = Math.max(interval - shrink, shortest);
            }
        }
        for (int i : active) { // unbroken: the highest-loss point is the adversarial candidate
            System.arraycopy(xBest, i * stride, s.result, i * stride, stride);
        }
    }

    /** Loss and gradient at the active images; images misclassified at x are frozen there and leave the list. */
    private List<Integer> evaluate(GradientOracle oracle, State s, int[] target, float[] x, float[] grad, double[] f,
            List<Integer> active) {
        if (active.isEmpty()) {
            return active;
        }
        int[] rows = active.stream().mapToInt(Integer::intValue).toArray();
        GradientOracle.Step step = oracle.loss(loss, x, rows, s.labels, target);
        List<Integer> still = new ArrayList<>(rows.length);
        for (int j = 0; j < rows.length; j++) {
            int i = rows[j];
            s.queries[i]++;
            s.zeroGradients[i] += step.zero()[j] ? 1 : 0;
            int prediction = step.logits().argmax(j);
            if (goal == null ? prediction != s.labels[i] : prediction == target[i]) {
                s.broken[i] = true;
                s.brokenAt[i] = s.stepsSoFar;
                System.arraycopy(x, i * s.stride, s.result, i * s.stride, s.stride);
                continue;
            }
            f[i] = step.losses()[j];
            System.arraycopy(step.gradient(), j * s.stride, grad, i * s.stride, s.stride);
            still.add(i);
        }
        return still;
    }

    /** AutoAttack's random start: x + eps t / ||t|| in the attack's norm, clipped to [0, 1]. */
    private void start(float[] x, float[] clean, int from, int stride, double eps, RandomGenerator random) {
        double[] t = new double[stride];
        double size = 0;
        for (int p = 0; p < stride; p++) {
            t[p] = norm == Norm.LINF ? 2 * random.nextDouble() - 1 : random.nextGaussian();
            size = norm == Norm.LINF ? Math.max(size, Math.abs(t[p])) : size + t[p] * t[p];
        }
        size = norm == Norm.LINF ? size : Math.sqrt(size);
        for (int p = 0; p < stride; p++) {
            x[from + p] = (float) (clean[from + p] + eps * t[p] / Math.max(size, 1e-12));
        }
        norm.project(x, clean, from, stride, eps);
    }
}
