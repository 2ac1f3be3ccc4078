package org.medrobust.attacks.evasion.gradient;

import java.util.ArrayList;
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
 * DeepFool, a minimal-perturbation attack (Moosavi-Dezfooli, Fawzi and Frossard 2016, "DeepFool: a simple and
 * accurate method to fool deep neural networks", Algorithm 2 and its L_p form in section 3.3; torchattacks
 * {@code DeepFool}). Linearise the classifier at x_i and step to the nearest linearised boundary:
 * <pre>
 *   w_k = grad f_k(x_i) - grad f_y(x_i),  f'_k = f_k(x_i) - f_y(x_i)        for k != y
 *   l = argmin_k |f'_k| / ||w_k||_q                                          q = 2 (L2), 1 (L-inf)
 *   r_i = (|f'_l| + 1e-4) / ||w_l||_2^2 * w_l   (L2)  or  (|f'_l| + 1e-4) / ||w_l||_1 * sign(w_l)   (L-inf)
 *   x_{i+1} = clip(x + (1 + overshoot) * sum_j r_j, 0, 1)
 * </pre>
 * until x_i is misclassified or the iterations run out. No budget: the outcome's L2 or L-inf size is the minimal
 * perturbation found, whose median the report gives.
 */
public final class DeepFool extends BaseAttack {

    public static final String ID_L2 = "deepfool_l2";
    public static final String ID_LINF = "deepfool_linf";
    public static final double DEFAULT_OVERSHOOT = 0.02;
    public static final int DEFAULT_STEPS = 50;

    private final Norm norm;
    private final double overshoot;

    public DeepFool(Norm norm, int steps, double overshoot) {
        super(norm == Norm.L2 ? ID_L2 : ID_LINF, 0, new ThreatModel(norm.label(), Double.POSITIVE_INFINITY, false,
                steps, 0, 1, false, steps));
        this.norm = norm;
        this.overshoot = overshoot;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(InputGradients.class);
    }

    @Override
    protected void specifics(SequencedMap<String, Object> p) {
        p.put("overshoot", overshoot);
        p.put("gradientsPerStep", "K - 1 (one per other class)");
    }

    @Override
    protected String source() {
        return "Moosavi-Dezfooli et al. 2016, Algorithm 2 (torchattacks DeepFool)";
    }

    @Override
    public Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        InputGradients gradients = GradientOracle.inputGradients(model);
        int n = images.size();
        int stride = images.shape().pixels();
        int classes = model.classNames().size();
        float[] clean = images.data();
        float[] x = clean.clone();
        double[] total = new double[clean.length];
        int[] queries = new int[n];
        int[] steps = new int[n];
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            active.add(i);
        }
        for (int it = 0; it <= threatModel().steps() && !active.isEmpty(); it++) {
            int rows = active.size();
            float[] data = new float[rows * stride];
            for (int j = 0; j < rows; j++) {
                System.arraycopy(x, active.get(j) * stride, data, j * stride, stride);
            }
            ImageBatch batch = new ImageBatch(images.shape(), rows, data);
            double[] best = new double[rows];
            java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
            double[][] step = new double[rows][];
            boolean[] broken = new boolean[rows];
            for (int other = 0; other < classes - 1; other++) {
                final int m = other;
                final List<Integer> rowsNow = active;
                var g = gradients.logitGradient(batch, logits -> {
                    float[] seed = new float[rows * classes];
                    for (int j = 0; j < rows; j++) {
                        int y = labels[rowsNow.get(j)];
                        seed[j * classes + (m < y ? m : m + 1)] += 1;
                        seed[j * classes + y] -= 1;
                    }
                    return seed;
                });
                for (int j = 0; j < rows; j++) {
                    int i = active.get(j);
                    int y = labels[i];
                    int k = m < y ? m : m + 1;
                    if (m == 0) {
                        queries[i]++;
                        broken[j] = g.logits().argmax(j) != y;
                    }
                    if (broken[j]) {
                        continue;
                    }
                    double f = g.logits().at(j, k) - g.logits().at(j, y);
                    double dual = norm == Norm.L2 ? Norm.l2(g.inputGradient(), null, j * stride, stride)
                            : l1(g.inputGradient(), j * stride, stride);
                    double distance = Math.abs(f) / (dual + 1e-12);
                    if (distance < best[j]) {
                        best[j] = distance;
                        step[j] = direction(g.inputGradient(), j * stride, stride, Math.abs(f), dual);
                    }
                }
            }
            List<Integer> still = new ArrayList<>();
            for (int j = 0; j < rows; j++) {
                int i = active.get(j);
                if (broken[j] || it == threatModel().steps()) {
                    continue;
                }
                steps[i]++;
                for (int p = 0; p < stride; p++) {
                    int at = i * stride + p;
                    total[at] += step[j][p];
                    x[at] = (float) Math.clamp(clean[at] + (1 + overshoot) * total[at], 0.0, 1.0);
                }
                still.add(i);
            }
            active = still;
        }
        List<Map<String, Object>> details = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("queries", queries[i] * (classes - 1));
            d.put("steps", steps[i]);
            details.add(d);
        }
        return new Attacked(new ImageBatch(images.shape(), n, x), details);
    }

    /** r = (|f| + 1e-4) / ||w||_2^2 * w (L2), or (|f| + 1e-4) / ||w||_1 * sign(w) (L-inf). */
    private double[] direction(float[] w, int from, int length, double f, double dual) {
        double[] r = new double[length];
        double scale = (f + 1e-4) / (norm == Norm.L2 ? dual * dual + 1e-12 : dual + 1e-12);
        for (int p = 0; p < length; p++) {
            r[p] = scale * (norm == Norm.L2 ? w[from + p] : Math.signum(w[from + p]));
        }
        return r;
    }

    private static double l1(float[] w, int from, int length) {
        double s = 0;
        for (int p = from; p < from + length; p++) {
            s += Math.abs(w[p]);
        }
        return s;
    }
}
