package org.medrobust.attacks.evasion.blackbox;

import java.util.random.RandomGenerator;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.ThreatModel;
import org.medrobust.datasets.ImageShape;

/**
 * Square attack, L2 (Andriushchenko, Croce, Flammarion and Hein 2020, "Square Attack: a query-efficient black-box
 * adversarial attack via random search", Algorithm 1 with the L2 sampling of section 3.2 and Algorithm 3;
 * reference code {@code square.py}, {@code square_attack_l2}, {@code meta_pseudo_gaussian_pert}). Scores only.
 *
 * <p>Initial point: a grid of {@code h/5}-sided blocks (offset {@code (h - 5 s)/2}), each holding the
 * {@link #window meta pseudo-Gaussian window} with a random sign per channel, scaled to L2 norm eps. Each iteration
 * draws two windows of side {@code s = max(round(sqrt(p * n / c)), 3)} (made odd, at most {@code h - 1}): per
 * channel, window 1 gets a fresh signed pseudo-Gaussian window plus its old content normalised, rescaled to carry
 * {@code sqrt(max(eps^2 - ||delta||^2, 0) / c + ||delta over window 1 and 2||^2)}; window 2 is zeroed (its mass
 * moved into window 1); then the whole delta is rescaled to norm eps and the image clipped to [0, 1]. The margin
 * loss decides as in {@link SquareSearch}. Unlike the reference, which draws one window position and one
 * transposition per batch, every draw is per image (the campaign seeds one generator per image).
 */
public final class SquareAttackL2 extends SquareSearch {

    public static final String ID = "square_l2";

    public SquareAttackL2(int severity, double eps, int queries, double pInit) {
        super(ID, severity, new ThreatModel(Norm.L2.label(), eps, false, queries, eps, 1, true, queries), pInit);
    }

    @Override
    protected String source() {
        return "Andriushchenko et al. 2020, Algorithms 1 and 3 (square.py square_attack_l2)";
    }

    /** square_attack_l2(n_iters) queries the initial point and makes n_iters iterations. */
    @Override
    int scheduleLength(int budget) {
        return budget - 2;
    }

    /** The reference {@code pseudo_gaussian_pert_rectangles(x, y)}: nested rectangles weighted 1/(k+1)^2, unit norm. */
    static double[][] rectangles(int x, int y) {
        double[][] delta = new double[x][y];
        int xc = x / 2 + 1;
        int yc = y / 2 + 1;
        int r0 = xc - 1;
        int c0 = yc - 1;
        for (int k = 0; k < Math.max(xc, yc); k++) {
            for (int r = Math.max(r0, 0); r < Math.min(r0 + 2 * k + 1, x); r++) {
                for (int c = Math.max(c0, 0); c < Math.min(c0 + 2 * k + 1, y); c++) {
                    delta[r][c] += 1.0 / ((k + 1) * (k + 1));
                }
            }
            r0--;
            c0--;
        }
        return normalised(delta);
    }

    /**
     * The reference {@code meta_pseudo_gaussian_pert(s)}: the top {@code s/2} rows a pseudo-Gaussian bump, the rest
     * the negated one, unit norm, transposed with probability 1/2.
     */
    static double[][] window(int s, RandomGenerator random) {
        double[][] delta = new double[s][s];
        double[][] top = rectangles(s / 2, s);
        double[][] bottom = rectangles(s - s / 2, s);
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                delta[r][c] = r < s / 2 ? top[r][c] : -bottom[r - s / 2][c];
            }
        }
        delta = normalised(delta);
        if (random.nextDouble() > 0.5) {
            double[][] t = new double[s][s];
            for (int r = 0; r < s; r++) {
                for (int c = 0; c < s; c++) {
                    t[c][r] = delta[r][c];
                }
            }
            delta = t;
        }
        return delta;
    }

    private static double[][] normalised(double[][] a) {
        double sum = 0;
        for (double[] row : a) {
            for (double v : row) {
                sum += v * v;
            }
        }
        double norm = Math.sqrt(sum);
        for (double[] row : a) {
            for (int c = 0; c < row.length; c++) {
                row[c] = norm > 0 ? row[c] / norm : 0;
            }
        }
        return a;
    }

    @Override
    void initialise(float[] x, float[] clean, int i, ImageShape shape, RandomGenerator random) {
        int h = shape.height();
        int w = shape.width();
        int s = Math.max(h / 5, 1);
        int offset = Math.max((h - 5 * s) / 2, 0);
        double[] delta = new double[shape.pixels()];
        for (int top = offset; top + s <= h && top < offset + (h / s) * s; top += s) {
            for (int left = offset; left + s <= w && left < offset + (w / s) * s; left += s) {
                double[][] bump = window(s, random);
                for (int ch = 0; ch < shape.channels(); ch++) {
                    double sign = random.nextBoolean() ? 1 : -1;
                    for (int r = 0; r < s; r++) {
                        for (int c = 0; c < s; c++) {
                            delta[(ch * h + top + r) * w + left + c] += sign * bump[r][c];
                        }
                    }
                }
            }
        }
        write(x, clean, i, delta);
    }

    @Override
    void propose(float[] candidate, float[] best, float[] clean, int i, ImageShape shape, double p,
            RandomGenerator random) {
        int stride = shape.pixels();
        int h = shape.height();
        int w = shape.width();
        int channels = shape.channels();
        int s = (int) Math.max(Math.rint(Math.sqrt(p * stride / channels)), 3); // numpy round: half to even
        s = Math.clamp(s % 2 == 0 ? s + 1 : s, 1, Math.min(h, w) - 1);
        int top1 = random.nextInt(h - s);
        int left1 = random.nextInt(w - s);
        int top2 = random.nextInt(h - s);
        int left2 = random.nextInt(w - s);
        double[] delta = new double[stride];
        double image = 0;
        for (int q = 0; q < stride; q++) {
            delta[q] = (double) best[i * stride + q] - clean[i * stride + q];
            image += delta[q] * delta[q];
        }
        double eps = threatModel().eps();
        double[][] bump = window(s, random);
        for (int ch = 0; ch < channels; ch++) {
            int base = ch * h * w;
            double inWindow1 = 0;
            double inEither = 0;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    boolean one = inside(r, c, top1, left1, s);
                    double v = delta[base + r * w + c];
                    inWindow1 += one ? v * v : 0;
                    inEither += one || inside(r, c, top2, left2, s) ? v * v : 0;
                }
            }
            double sign = random.nextBoolean() ? 1 : -1;
            double norm1 = Math.sqrt(inWindow1);
            double[][] fresh = new double[s][s];
            double freshSum = 0;
            for (int r = 0; r < s; r++) {
                for (int c = 0; c < s; c++) {
                    fresh[r][c] = sign * bump[r][c] + delta[base + (top1 + r) * w + left1 + c] / (1e-10 + norm1);
                    freshSum += fresh[r][c] * fresh[r][c];
                }
            }
            double mass = Math.sqrt(Math.max(eps * eps - image, 0) / channels + inEither);
            double scale = mass / Math.max(Math.sqrt(freshSum), 1e-12);
            for (int r = 0; r < s; r++) {
                for (int c = 0; c < s; c++) {
                    delta[base + (top2 + r) * w + left2 + c] = 0;
                }
            }
            for (int r = 0; r < s; r++) {
                for (int c = 0; c < s; c++) {
                    delta[base + (top1 + r) * w + left1 + c] = fresh[r][c] * scale;
                }
            }
        }
        System.arraycopy(best, i * stride, candidate, i * stride, stride);
        write(candidate, clean, i, delta);
    }

    private static boolean inside(int r, int c, int top, int left, int s) {
        return r >= top && r < top + s && c >= left && c < left + s;
    }

    /** x_i = clip(clean_i + eps * delta / ||delta||_2, 0, 1). */
    private void write(float[] x, float[] clean, int i, double[] delta) {
        double sum = 0;
        for (double v : delta) {
            sum += v * v;
        }
        double scale = threatModel().eps() / Math.max(Math.sqrt(sum), 1e-12);
        int from = i * delta.length;
        for (int q = 0; q < delta.length; q++) {
            x[from + q] = (float) Math.clamp(clean[from + q] + scale * delta[q], 0.0, 1.0);
        }
    }
}
