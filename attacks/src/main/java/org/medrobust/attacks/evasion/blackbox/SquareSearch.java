package org.medrobust.attacks.evasion.blackbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.evasion.BaseAttack;
import org.medrobust.attacks.evasion.ThreatModel;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.Capability;

/**
 * The random search both Square attacks share (Andriushchenko, Croce, Flammarion and Hein 2020, "Square Attack: a
 * query-efficient black-box adversarial attack via random search", Algorithm 1; reference code {@code square.py}):
 * start from a norm-specific initial perturbation, then per iteration propose a change of square windows whose side
 * follows the schedule {@link #fraction}, and keep the candidate when the margin loss {@code z_y - max_{k != y} z_k}
 * decreases. Only images classified correctly and not yet broken (margin > 0) are queried; every query is one
 * forward of the whole remaining batch. The clean check and the initial point count as queries, so an image uses
 * at most the budget. Each norm supplies {@link #initialise} and {@link #propose}.
 */
abstract class SquareSearch extends BaseAttack {

    private final double pInit;

    SquareSearch(String id, int severity, ThreatModel threatModel, double pInit) {
        super(id, severity, threatModel);
        if (!(pInit > 0 && pInit <= 1)) {
            throw new org.medrobust.datasets.InvalidInputException("threat " + id + ": pInit must be in (0, 1], got "
                    + pInit);
        }
        this.pInit = pInit;
    }

    @Override
    public final Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of();
    }

    @Override
    protected void specifics(SequencedMap<String, Object> parameters) {
        parameters.put("pInit", pInit);
        parameters.put("loss", "margin z_y - max_{k != y} z_k");
        parameters.put("pSchedule", "p_init halved at 10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000 of 10,000 "
                + "iterations, rescaled to the reference's n_iters (" + scheduleLength(threatModel().queryBudget())
                + " for this budget)");
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

    /**
     * The reference's {@code n_iters} for a budget of {@code budget} queries (the clean check included): the length
     * the p schedule is spread over. The reference's L-inf loop makes {@code n_iters - 1} iterations after the
     * initial point, its L2 loop {@code n_iters}; both spend {@code budget - 2} here.
     */
    abstract int scheduleLength(int budget);

    /** Writes the initial adversarial image {@code i} into {@code x} (all other images untouched). */
    abstract void initialise(float[] x, float[] clean, int i, ImageShape shape, RandomGenerator random);

    /**
     * Writes the candidate for image {@code i} into {@code candidate}: the current {@code best} changed in square
     * windows covering about the fraction {@code p} of the pixels.
     */
    abstract void propose(float[] candidate, float[] best, float[] clean, int i, ImageShape shape, double p,
            RandomGenerator random);

    @Override
    public final Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels,
            List<RandomGenerator> randoms) {
        ImageShape shape = images.shape();
        int n = images.size();
        int budget = threatModel().queryBudget();
        float[] clean = images.data();
        float[] best = clean.clone();
        double[] margin = new double[n];
        int[] queries = new int[n];
        Logits first = model.predict(images);
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            queries[i] = 1;
            if (first.argmax(i) == labels[i] && threatModel().eps() > 0) {
                active.add(i);
                initialise(best, clean, i, shape, randoms.get(i));
            }
        }
        update(model, shape, best, active, labels, margin, queries, null);
        active.removeIf(i -> margin[i] <= 0);
        float[] candidate = new float[best.length];
        // the clean check, the initial point and the iterations together stay within the budget
        for (int it = 0; it < budget - 2 && !active.isEmpty(); it++) {
            double p = fraction(pInit, it, scheduleLength(budget));
            for (int i : active) {
                propose(candidate, best, clean, i, shape, p, randoms.get(i));
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
            } else if (m < margin[i]) {
                margin[i] = m;
                System.arraycopy(x, i * stride, best, i * stride, stride);
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
