package org.medrobust.perturbations.physics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.SeverityScale;

/**
 * MRI bias field (smooth receive-coil inhomogeneity), as TorchIO's {@code RandomBiasField} / {@code BiasField}
 * (torchio/transforms/augmentation/intensity/random_bias_field.py, after Van Leemput et al. 1999):
 * {@code y = x * exp(sum_{i + j <= order} c_ij X^i Y^j)}, clipped to [0, 1], with X the column and Y the row
 * coordinate scaled to [-1, 1] ({@code (k - (n - 1)/2) / ((n - 1)/2)}, TorchIO's {@code arange(-n/2, n/2) + .5}
 * over its maximum) and every coefficient drawn {@code c_ij ~ U(-c, c)} in TorchIO's order (i outer, j inner).
 * A 2-D image has TorchIO's depth coordinate 0, so only its terms with no depth power remain: ten for order 3.
 *
 * <p>Severity ladder: c = .1, .2, .3, .4, .5 with TorchIO's default order 3; severity 5 is TorchIO's default
 * (coefficients 0.5). The coefficients are recorded; RGB channels get the same field.
 */
public final class BiasField extends SampledPhysicsCorruption {

    public static final String ID = "bias_field";

    public static final SeverityScale COEFFICIENTS = new SeverityScale(ID, 0.1, 0.2, 0.3, 0.4, 0.5);

    /** TorchIO's default polynomial order. */
    public static final int ORDER = 3;

    private final double maxCoefficient;

    public BiasField(int severity) {
        super(ID, severity, "TorchIO RandomBiasField");
        this.maxCoefficient = COEFFICIENTS.at(severity);
    }

    @Override
    void describeStrength(SequencedMap<String, Object> parameters) {
        parameters.put("coefficients", "U(-" + maxCoefficient + ", " + maxCoefficient + ")");
        parameters.put("order", ORDER);
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        double[] coefficients = new double[TERMS];
        List<Double> recorded = new ArrayList<>();
        for (int t = 0; t < TERMS; t++) {
            coefficients[t] = random.nextDouble(-maxCoefficient, maxCoefficient);
            recorded.add(coefficients[t]);
        }
        return new Perturbed(withField(image, coefficients), Map.of("coefficients", recorded));
    }

    /** Number of coefficients of an order-3 field in 2-D. */
    public static final int TERMS = (ORDER + 1) * (ORDER + 2) / 2;

    /** Where the coefficient of {@code X^xPower Y^yPower} sits in TorchIO's order (x outer, y inner). */
    public static int term(int xPower, int yPower) {
        if (xPower < 0 || yPower < 0 || xPower + yPower > ORDER) {
            throw new IllegalArgumentException("no term X^" + xPower + " Y^" + yPower + " in an order-" + ORDER + " field");
        }
        int index = 0;
        for (int i = 0; i < xPower; i++) {
            index += ORDER + 1 - i;
        }
        return index + yPower;
    }

    /** The image times the field of the given coefficients (TorchIO's order), clipped to [0, 1]. */
    public static Image withField(Image image, double[] coefficients) {
        double[] field = field(image.shape().height(), image.shape().width(), coefficients);
        return Channels.eachChannel(image, channel -> {
            for (int i = 0; i < channel.length; i++) {
                channel[i] *= field[i];
            }
            return channel;
        });
    }

    /** {@code exp(sum c_ij X^i Y^j)} over an H x W grid, row-major. */
    static double[] field(int height, int width, double[] coefficients) {
        double[][] xPowers = powers(width);
        double[][] yPowers = powers(height);
        double[] field = new double[height * width];
        for (int row = 0; row < height; row++) {
            for (int column = 0; column < width; column++) {
                double log = 0;
                int t = 0;
                for (int i = 0; i <= ORDER; i++) {
                    for (int j = 0; j <= ORDER - i; j++) {
                        log += coefficients[t++] * xPowers[column][i] * yPowers[row][j];
                    }
                }
                field[row * width + column] = StrictMath.exp(log);
            }
        }
        return field;
    }

    /** powers[k][p] = u_k^p for the n coordinates u_k in [-1, 1] and p = 0..ORDER. */
    private static double[][] powers(int n) {
        double[][] powers = new double[n][ORDER + 1];
        for (int k = 0; k < n; k++) {
            double u = n == 1 ? 0 : (k - (n - 1) / 2.0) / ((n - 1) / 2.0);
            powers[k][0] = 1;
            for (int p = 1; p <= ORDER; p++) {
                powers[k][p] = powers[k][p - 1] * u;
            }
        }
        return powers;
    }
}
