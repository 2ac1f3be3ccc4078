package org.medrobust.attacks.evasion.blackbox;

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
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.Capability;

/**
 * Square attack, L-infinity (Andriushchenko, Croce, Flammarion and Hein 2020, "Square Attack: a query-efficient
 * black-box adversarial attack via random search", Algorithm 1 with the L-inf sampling of section 3.1; reference
 * code {@code square.py}, {@code square_attack_linf}). Scores only, so it attacks any model, ONNX included.
 *
 * <p>Start from vertical stripes {@code x + U{-eps, eps}^(c x 1 x w)}. Each iteration draws, per image, a square of
 * side {@code s = round(sqrt(p * n / c))} (clamped to [1, h-1]) at a uniform position, sets it to a fresh
 * {@code U{-eps, eps}} per channel (redrawn until it changes the image), and keeps the candidate when the margin
 * loss {@code z_y - max_{k != y} z_k} decreases. {@code p} follows the reference schedule {@link #fraction}: p_init
 * halved at 10, 50, 200, 500, 1000, 2000, 4000, 6000 and 8000 of 10,000 (rescaled to the query budget). Only
 * images classified correctly and not yet broken (margin > 0) are queried; every query is one forward of the whole
 * remaining batch. The clean check and the stripes count as queries, so an image uses at most the budget.
 */
public final class SquareAttack extends BaseAttack {

    public static final String ID = "square_linf";
    public static final int DEFAULT_QUERIES = 5000;
    public static final double DEFAULT_P_INIT = 0.8;

    private final double pInit;

    public SquareAttack(int severity, double eps, int queries, double pInit) {
        super(ID, severity, new ThreatModel(Norm.LINF.label(), eps, false, queries, eps, 1, true, queries));
        if (!(pInit > 0 && pInit <= 1)) {
            throw new org.medrobust.datasets.InvalidInputException("threat " + ID + ": pInit must be in (0, 1], got "
                    + pInit);
        }
        this.pInit = pInit;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of();
    }

    @Override
    protected void specifics(SequencedMap<String, Object> parameters) {
        parameters.put("pInit", pInit);
        parameters.put("loss", "margin z_y - max_{k != y} z_k");
    }

    @Override
    protected String source() {
        return "Andriushchenko et al. 2020, Algorithm 1 (square.py square_attack_linf)";
    }

    /** The reference {@code p_selection}: the fraction of pixels a square covers at iteration {@code it}. */
    static double fraction(double pInit, int it, int iterations) {
        int at = (int) ((double) it / iterations * 10000);
        int[] bounds = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000, 10000};
        for (int k = 0; k < bounds.length - 1; k++) {
            if (at > bounds[k] && at <= bounds[k + 1]) {
                return pInit / (2 << k);
            }
        }
        return pInit;
    }

    @Override
    public Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        ImageShape shape = images.shape();
        int n = images.size();
        int stride = shape.pixels();
        float eps = (float) threatModel().eps();
        int budget = threatModel().queryBudget();
        float[] clean = images.data();
        float[] best = clean.clone();
        double[] margin = new double[n];
        int[] queries = new int[n];
        Logits first = model.predict(images);
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            queries[i] = 1;
            if (first.argmax(i) == labels[i] && eps > 0) {
                active.add(i);
                stripes(best, clean, i, shape, eps, randoms.get(i));
            }
        }
        update(model, shape, best, active, labels, margin, queries, null);
        active.removeIf(i -> margin[i] <= 0);
        float[] candidate = new float[best.length];
        // the clean check, the stripes and the iterations together stay within the budget
        for (int it = 0; it < budget - 2 && !active.isEmpty(); it++) {
            double p = fraction(pInit, it, budget);
            int side = Math.clamp(Math.round(Math.sqrt(p * stride / shape.channels())), 1, shape.height() - 1);
            for (int i : active) {
                propose(candidate, best, clean, i, shape, side, eps, randoms.get(i));
            }
            update(model, shape, candidate, active, labels, margin, queries, best);
            active.removeIf(i -> margin[i] <= 0);
        }
        List<Map<String, Object>> details = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("queries", queries[i]);
            d.put("margin", margin[i]);
            details.add(d);
        }
        return new Attacked(new ImageBatch(shape, n, best), details);
    }

    /** Vertical stripes: one random sign per channel and column, for all rows. */
    private static void stripes(float[] x, float[] clean, int i, ImageShape shape, float eps, RandomGenerator random) {
        int h = shape.height();
        int w = shape.width();
        for (int c = 0; c < shape.channels(); c++) {
            for (int col = 0; col < w; col++) {
                float delta = random.nextBoolean() ? eps : -eps;
                for (int row = 0; row < h; row++) {
                    int p = i * shape.pixels() + (c * h + row) * w + col;
                    x[p] = Math.clamp(clean[p] + delta, 0f, 1f);
                }
            }
        }
    }

    /**
     * The candidate: the current best with one square set to a fresh sign per channel, redrawn while it leaves the
     * window unchanged (the reference's while loop; bounded, since with eps > 0 one of the two signs changes it).
     */
    private static void propose(float[] candidate, float[] best, float[] clean, int i, ImageShape shape, int side,
            float eps, RandomGenerator random) {
        int stride = shape.pixels();
        int h = shape.height();
        int w = shape.width();
        System.arraycopy(best, i * stride, candidate, i * stride, stride);
        int top = random.nextInt(h - side);
        int left = random.nextInt(w - side);
        for (int tries = 0; tries < 64; tries++) {
            boolean changed = false;
            for (int c = 0; c < shape.channels(); c++) {
                float delta = random.nextBoolean() ? eps : -eps;
                for (int row = top; row < top + side; row++) {
                    for (int col = left; col < left + side; col++) {
                        int p = i * stride + (c * h + row) * w + col;
                        candidate[p] = Math.clamp(clean[p] + delta, 0f, 1f);
                        changed |= Math.abs(candidate[p] - best[p]) >= 1e-7f;
                    }
                }
            }
            if (changed) {
                return;
            }
        }
    }

    /**
     * One query for every active image: the margin at {@code x}; with {@code best} non-null, an image whose margin
     * decreased takes {@code x} as its new best.
     */
    private static void update(Classifier model, ImageShape shape, float[] x, List<Integer> active, int[] labels,
            double[] margin, int[] queries, float[] best) {
        if (active.isEmpty()) {
            return;
        }
        int stride = shape.pixels();
        float[] data = new float[active.size() * stride];
        for (int j = 0; j < active.size(); j++) {
            System.arraycopy(x, active.get(j) * stride, data, j * stride, stride);
        }
        Logits logits = model.predict(new ImageBatch(shape, active.size(), data));
        for (int j = 0; j < active.size(); j++) {
            int i = active.get(j);
            double m = margin(logits, j, labels[i]);
            queries[i]++;
            if (best == null) {
                margin[i] = m;
            } else {
                if (m < margin[i]) {
                    margin[i] = m;
                    System.arraycopy(x, i * stride, best, i * stride, stride);
                }
            }
        }
    }

    /** z_y - max_{k != y} z_k: negative once the image is misclassified. */
    static double margin(Logits logits, int row, int label) {
        double other = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < logits.classes(); k++) {
            if (k != label) {
                other = Math.max(other, logits.at(row, k));
            }
        }
        return logits.at(row, label) - other;
    }
}
