package org.medrobust.attacks.evasion.blackbox;

import java.util.random.RandomGenerator;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.ThreatModel;
import org.medrobust.datasets.ImageShape;

/**
 * Square attack, L-infinity (Andriushchenko, Croce, Flammarion and Hein 2020, "Square Attack: a query-efficient
 * black-box adversarial attack via random search", Algorithm 1 with the L-inf sampling of section 3.1; reference
 * code {@code square.py}, {@code square_attack_linf}). Scores only, so it attacks any model, ONNX included.
 *
 * <p>Start from vertical stripes {@code x + U{-eps, eps}^(c x 1 x w)}. Each iteration draws, per image, a square of
 * side {@code s = round(sqrt(p * n / c))} (clamped to [1, h-1]) at a uniform position, sets it to a fresh
 * {@code U{-eps, eps}} per channel (redrawn until it changes the image), and keeps the candidate when the margin
 * loss decreases ({@link SquareSearch}).
 */
public final class SquareAttack extends SquareSearch {

    public static final String ID = "square_linf";
    public static final int DEFAULT_QUERIES = 5000;
    public static final double DEFAULT_P_INIT = 0.8;

    public SquareAttack(int severity, double eps, int queries, double pInit) {
        super(ID, severity, new ThreatModel(Norm.LINF.label(), eps, false, queries, eps, 1, true, queries), pInit);
    }

    @Override
    protected String source() {
        return "Andriushchenko et al. 2020, Algorithm 1 (square.py square_attack_linf)";
    }

    /** square_attack_linf(n_iters) queries the initial point and makes n_iters - 1 iterations. */
    @Override
    int scheduleLength(int budget) {
        return budget - 1;
    }

    /** Vertical stripes: one random sign per channel and column, for all rows. */
    @Override
    void initialise(float[] x, float[] clean, int i, ImageShape shape, RandomGenerator random) {
        float eps = (float) threatModel().eps();
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
     * The current best with one square set to a fresh sign per channel, redrawn while it leaves the window
     * unchanged (the reference's while loop; bounded, since with eps > 0 one of the two signs changes it).
     */
    @Override
    void propose(float[] candidate, float[] best, float[] clean, int i, ImageShape shape, double p,
            RandomGenerator random) {
        float eps = (float) threatModel().eps();
        int stride = shape.pixels();
        int h = shape.height();
        int w = shape.width();
        // numpy's round() is half-to-even, as Math.rint
        int side = Math.clamp((long) Math.rint(Math.sqrt(p * stride / shape.channels())), 1, h - 1);
        System.arraycopy(best, i * stride, candidate, i * stride, stride);
        int top = random.nextInt(h - side);
        int left = random.nextInt(w - side);
        for (int tries = 0; tries < 64; tries++) {
            boolean changed = false;
            for (int c = 0; c < shape.channels(); c++) {
                float delta = random.nextBoolean() ? eps : -eps;
                for (int row = top; row < top + side; row++) {
                    for (int col = left; col < left + side; col++) {
                        int q = i * stride + (c * h + row) * w + col;
                        candidate[q] = Math.clamp(clean[q] + delta, 0f, 1f);
                        changed |= Math.abs(candidate[q] - best[q]) >= 1e-7f;
                    }
                }
            }
            if (changed) {
                return;
            }
        }
    }
}
