package org.medrobust.attacks.evasion;

/**
 * The norm that bounds a perturbation, with the two operations every norm-bounded attack needs: a steepest-ascent
 * step along a gradient and the projection back onto the epsilon-ball around the clean image intersected with
 * [0, 1]. Images are flat float arrays; {@code from, length} select one image of a batch.
 */
public enum Norm {

    /** max_i |delta_i| <= eps; steepest ascent is the gradient's sign (Goodfellow et al. 2015). */
    LINF("Linf") {
        @Override
        public void ascend(float[] x, int from, float[] gradient, int gradientFrom, int length, double step) {
            float s = (float) step;
            for (int i = 0; i < length; i++) {
                x[from + i] += s * Math.signum(gradient[gradientFrom + i]);
            }
        }

        @Override
        public void project(float[] x, float[] clean, int from, int length, double eps) {
            float e = (float) eps;
            for (int i = from; i < from + length; i++) {
                float delta = Math.clamp(x[i] - clean[i], -e, e);
                x[i] = Math.clamp(clean[i] + delta, 0f, 1f);
            }
        }
    },

    /** sqrt(sum_i delta_i^2) <= eps; steepest ascent is the normalised gradient (Madry et al. 2018, PGD-L2). */
    L2("L2") {
        @Override
        public void ascend(float[] x, int from, float[] gradient, int gradientFrom, int length, double step) {
            // torchattacks PGDL2: grad / (||grad||_2 + 1e-10)
            double scale = step / (l2(gradient, null, gradientFrom, length) + 1e-10);
            for (int i = 0; i < length; i++) {
                x[from + i] += (float) (scale * gradient[gradientFrom + i]);
            }
        }

        @Override
        public void project(float[] x, float[] clean, int from, int length, double eps) {
            double size = l2(x, clean, from, length);
            double factor = size > eps ? eps / size : 1.0;
            for (int i = from; i < from + length; i++) {
                float delta = (float) ((x[i] - clean[i]) * factor);
                x[i] = Math.clamp(clean[i] + delta, 0f, 1f);
            }
        }
    };

    private final String label;

    Norm(String label) {
        this.label = label;
    }

    /** Name as recorded in results: "Linf" or "L2". */
    public String label() {
        return label;
    }

    /**
     * Moves one image of {@code x} (at {@code from}) by {@code step} along the steepest-ascent direction under this
     * norm of its gradient (at {@code gradientFrom} of {@code gradient}).
     */
    public abstract void ascend(float[] x, int from, float[] gradient, int gradientFrom, int length, double step);

    /** Projects {@code x} onto {eps-ball around clean} and then clips it to [0, 1], in place. */
    public abstract void project(float[] x, float[] clean, int from, int length, double eps);

    /** ||a - b||_2 over one image; {@code b} null means ||a||_2. */
    public static double l2(float[] a, float[] b, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            double d = b == null ? a[i] : (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** max_i |a_i - b_i| over one image. */
    public static double linf(float[] a, float[] b, int from, int length) {
        double max = 0;
        for (int i = from; i < from + length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    /** Number of values that differ, over one image. */
    public static int l0(float[] a, float[] b, int from, int length) {
        int count = 0;
        for (int i = from; i < from + length; i++) {
            count += a[i] != b[i] ? 1 : 0;
        }
        return count;
    }

    /** The size of {@code a - b} in this norm. */
    public double size(float[] a, float[] b, int from, int length) {
        return this == LINF ? linf(a, b, from, length) : l2(a, b, from, length);
    }

    /** Parses "Linf"/"linf"/"inf" or "L2"/"l2". */
    public static Norm parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "linf", "inf", "l_inf" -> LINF;
            case "l2", "2" -> L2;
            default -> throw new org.medrobust.datasets.InvalidInputException("unknown norm '" + text
                    + "': use Linf or L2");
        };
    }
}
