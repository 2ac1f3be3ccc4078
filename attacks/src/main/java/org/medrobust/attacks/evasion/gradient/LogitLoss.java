package org.medrobust.attacks.evasion.gradient;

/**
 * A loss of one image's logits that an attack maximises, with its gradient with respect to the logits (the seed of
 * {@code InputGradients.logitGradient}). Formulas from Croce and Hein 2020 ("Reliable evaluation of adversarial
 * robustness with an ensemble of diverse parameter-free attacks", eq. 5 and 6; auto-attack {@code autopgd_base.py}
 * {@code dlr_loss}, {@code dlr_loss_targeted}), with pi the classes sorted by decreasing logit.
 */
public enum LogitLoss {

    /** -log softmax(z)_y: dL/dz = softmax(z) - e_y. */
    CROSS_ENTROPY("cross-entropy") {
        @Override
        public double apply(float[] z, int label, int target, float[] dz) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : z) {
                sum += Math.exp(v - max);
            }
            for (int k = 0; k < z.length; k++) {
                dz[k] = (float) (Math.exp(z[k] - max) / sum - (k == label ? 1 : 0));
            }
            return -(z[label] - max - Math.log(sum));
        }
    },

    /**
     * DLR: -(z_y - max_{k != y} z_k) / (z_pi1 - z_pi3 + 1e-12), invariant to shifts and scales of the logits. With
     * fewer than 3 classes there is no z_pi3 and the denominator is 1 (the margin loss).
     */
    DLR("DLR (Croce and Hein 2020, eq. 5)") {
        @Override
        public double apply(float[] z, int label, int target, float[] dz) {
            int[] order = order(z);
            int other = order[0] == label ? order[1] : order[0];
            double margin = (double) z[label] - z[other];
            java.util.Arrays.fill(dz, 0f);
            if (z.length < 3) {
                dz[label] = -1;
                dz[other] = 1;
                return -margin;
            }
            double d = (double) z[order[0]] - z[order[2]] + 1e-12;
            dz[label] += (float) (-1 / d);
            dz[other] += (float) (1 / d);
            dz[order[0]] += (float) (margin / (d * d));
            dz[order[2]] -= (float) (margin / (d * d));
            return -margin / d;
        }
    },

    /**
     * Targeted DLR: -(z_y - z_t) / (z_pi1 - (z_pi3 + z_pi4) / 2 + 1e-12); with fewer than 4 classes the
     * denominator is 1 (the targeted margin loss).
     */
    DLR_TARGETED("targeted DLR (Croce and Hein 2020, eq. 6)") {
        @Override
        public double apply(float[] z, int label, int target, float[] dz) {
            double margin = (double) z[label] - z[target];
            java.util.Arrays.fill(dz, 0f);
            if (z.length < 4) {
                dz[label] = -1;
                dz[target] += 1;
                return -margin;
            }
            int[] order = order(z);
            double d = z[order[0]] - ((double) z[order[2]] + z[order[3]]) / 2 + 1e-12;
            dz[label] += (float) (-1 / d);
            dz[target] += (float) (1 / d);
            dz[order[0]] += (float) (margin / (d * d));
            dz[order[2]] -= (float) (margin / (2 * d * d));
            dz[order[3]] -= (float) (margin / (2 * d * d));
            return -margin / d;
        }
    };

    private final String label;

    LogitLoss(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The loss at logits {@code z}, writing dL/dz into {@code dz}.
     *
     * @param target the target class of a targeted loss, else ignored
     */
    public abstract double apply(float[] z, int label, int target, float[] dz);

    /** Class indices by decreasing logit (ties: lower index first). */
    static int[] order(float[] z) {
        return java.util.stream.IntStream.range(0, z.length).boxed()
                .sorted((a, b) -> z[a] != z[b] ? Float.compare(z[b], z[a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }
}
