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
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.InputGradients;

/**
 * Carlini and Wagner's L2 attack (Carlini and Wagner 2017, "Towards evaluating the robustness of neural networks",
 * section V.A; reference code {@code l2_attack.py}), a minimal-perturbation attack:
 * <pre>
 *   x' = (tanh(w) + 1) / 2
 *   minimise ||x' - x||_2^2 + c * max(z_y(x') - max_{k != y} z_k(x'), -kappa)    over w, by Adam (lr 0.01)
 * </pre>
 * with a binary search over c per image (start c0; after a run, an image that was broken takes c = (lo + hi) / 2
 * below, one that was not takes c * 10 until broken once, then bisects). The smallest successful perturbation over
 * all runs is returned; an image never broken keeps the clean image.
 */
public final class CarliniWagnerL2 extends BaseAttack {

    public static final String ID = "cw_l2";
    public static final int DEFAULT_BINARY_STEPS = 5;
    public static final int DEFAULT_STEPS = 100;
    public static final double DEFAULT_C = 0.1;
    public static final double LEARNING_RATE = 0.01;

    private final int binarySteps;
    private final double initialC;
    private final double kappa;

    public CarliniWagnerL2(int binarySteps, int steps, double initialC, double kappa) {
        super(ID, 0, new ThreatModel(Norm.L2.label(), Double.POSITIVE_INFINITY, false, steps, LEARNING_RATE,
                binarySteps, false, binarySteps * steps));
        this.binarySteps = binarySteps;
        this.initialC = initialC;
        this.kappa = kappa;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(InputGradients.class);
    }

    @Override
    protected void specifics(SequencedMap<String, Object> p) {
        p.put("binarySearchSteps", binarySteps);
        p.put("initialC", initialC);
        p.put("kappa", kappa);
        p.put("optimizer", "Adam, lr 0.01, beta1 0.9, beta2 0.999");
    }

    @Override
    protected String source() {
        return "Carlini and Wagner 2017, section V.A (l2_attack.py)";
    }

    @Override
    public Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        InputGradients gradients = GradientOracle.inputGradients(model);
        int n = images.size();
        int stride = images.shape().pixels();
        int classes = model.classNames().size();
        float[] clean = images.data();
        float[] best = clean.clone();
        double[] bestDistance = new double[n];
        Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
        double[] c = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(c, initialC);
        Arrays.fill(hi, Double.POSITIVE_INFINITY);
        double[] w0 = new double[clean.length];
        for (int p = 0; p < clean.length; p++) {
            w0[p] = atanh(Math.clamp(2.0 * clean[p] - 1, -1 + 1e-6, 1 - 1e-6));
        }
        for (int b = 0; b < binarySteps; b++) {
            double[] w = w0.clone();
            double[] m = new double[w.length];
            double[] v = new double[w.length];
            boolean[] brokenThisRun = new boolean[n];
            float[] x = new float[clean.length];
            for (int t = 1; t <= threatModel().steps(); t++) {
                for (int p = 0; p < w.length; p++) {
                    x[p] = (float) ((Math.tanh(w[p]) + 1) / 2);
                }
                double[] cNow = c;
                var g = gradients.logitGradient(new ImageBatch(images.shape(), n, x), logits -> {
                    float[] seed = new float[n * classes];
                    for (int i = 0; i < n; i++) {
                        int other = strongestOther(logits.values(), i, classes, labels[i]);
                        double margin = logits.at(i, labels[i]) - logits.at(i, other);
                        if (margin > -kappa) { // the hinge is active
                            seed[i * classes + labels[i]] = (float) cNow[i];
                            seed[i * classes + other] = (float) -cNow[i];
                        }
                    }
                    return seed;
                });
                for (int i = 0; i < n; i++) {
                    if (g.logits().argmax(i) != labels[i]) {
                        brokenThisRun[i] = true;
                        double d = Norm.l2(x, clean, i * stride, stride);
                        if (d < bestDistance[i]) {
                            bestDistance[i] = d;
                            System.arraycopy(x, i * stride, best, i * stride, stride);
                        }
                    }
                }
                // Adam on w: d/dw of ||x - x0||^2 + c f = (2 (x - x0) + dcf/dx) * (1 - tanh^2 w) / 2
                double lr = LEARNING_RATE * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                for (int p = 0; p < w.length; p++) {
                    double th = Math.tanh(w[p]);
                    double grad = (2 * (x[p] - clean[p]) + g.inputGradient()[p]) * (1 - th * th) / 2;
                    m[p] = 0.9 * m[p] + 0.1 * grad;
                    v[p] = 0.999 * v[p] + 0.001 * grad * grad;
                    w[p] -= lr * m[p] / (Math.sqrt(v[p]) + 1e-8);
                }
            }
            for (int i = 0; i < n; i++) {
                if (brokenThisRun[i]) {
                    hi[i] = Math.min(hi[i], c[i]);
                    c[i] = (lo[i] + hi[i]) / 2;
                } else {
                    lo[i] = Math.max(lo[i], c[i]);
                    c[i] = hi[i] < Double.POSITIVE_INFINITY ? (lo[i] + hi[i]) / 2 : c[i] * 10;
                }
            }
        }
        List<Map<String, Object>> details = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("queries", binarySteps * threatModel().steps());
            d.put("finalC", c[i]);
            details.add(d);
        }
        return new Attacked(new ImageBatch(images.shape(), n, best), details);
    }

    private static int strongestOther(float[] z, int row, int classes, int label) {
        int best = -1;
        for (int k = 0; k < classes; k++) {
            if (k != label && (best < 0 || z[row * classes + k] > z[row * classes + best])) {
                best = k;
            }
        }
        return best;
    }

    private static double atanh(double v) {
        return 0.5 * Math.log((1 + v) / (1 - v));
    }
}
