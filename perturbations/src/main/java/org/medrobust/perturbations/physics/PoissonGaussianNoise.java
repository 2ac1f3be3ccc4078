package org.medrobust.perturbations.physics;

import java.util.HashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.AbstractRandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.SeverityScale;

/**
 * Poisson-Gaussian noise, the photon-counting plus read-out noise of an X-ray or CT detector (Foi et al. 2008,
 * "Practical Poissonian-Gaussian noise modeling and fitting for single-image raw-data", eq. 1-3):
 * {@code y = a P(x / a) + N(0, b)}, P a Poisson draw, so {@code E[y] = x} and {@code Var[y] = a x + b} with
 * gain a (one over the photons per unit intensity) and electronic variance {@code b = sigma^2}; clipped to [0, 1].
 *
 * <p>Severity ladder: photons per unit intensity {@code 1/a} = 60, 25, 12, 5, 3, ImageNet-C's {@code shot_noise}
 * table (the Poisson part is that corruption), and read-out sigma = .01, .02, .03, .04, .05, a detector floor that
 * grows as the dose falls (TorchIO's {@code RandomNoise} range (0, 0.25) bounds it). Channels get independent noise.
 * Poisson draws are commons-math3's {@link PoissonDistribution} fed from the campaign's random stream.
 */
public final class PoissonGaussianNoise extends PhysicsCorruption {

    public static final String ID = "poisson_gaussian_noise";

    public static final SeverityScale PHOTONS = new SeverityScale(ID, 60, 25, 12, 5, 3);
    public static final SeverityScale READ_SIGMAS = new SeverityScale(ID, 0.01, 0.02, 0.03, 0.04, 0.05);

    private final double gain;
    private final double readSigma;

    public PoissonGaussianNoise(int severity) {
        super(ID, severity, "Foi et al. 2008 Poissonian-Gaussian model; photons from ImageNet-C shot_noise");
        this.gain = 1.0 / PHOTONS.at(severity);
        this.readSigma = READ_SIGMAS.at(severity);
    }

    /** a in Var[y] = a x + sigma^2. */
    public double gain() {
        return gain;
    }

    public double readSigma() {
        return readSigma;
    }

    @Override
    void describeStrength(SequencedMap<String, Object> parameters) {
        parameters.put("photons", PHOTONS.at(severity()));
        parameters.put("gain", gain);
        parameters.put("readSigma", readSigma);
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return add(image, PHOTONS.at(severity()), readSigma, random);
    }

    /**
     * Poisson-Gaussian noise of any dose (site profiles use this): {@code photons} per unit intensity (gain
     * {@code a = 1 / photons}) and read-out sigma; clipped to [0, 1].
     */
    public static Image add(Image image, double photons, double readSigma, RandomGenerator random) {
        double gain = 1 / photons;
        StreamAdapter source = new StreamAdapter(random);
        // Images come from 8- or 16-bit data: few distinct values, so one distribution per value, not per pixel.
        Map<Float, PoissonDistribution> byValue = new HashMap<>();
        float[] in = image.pixels();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            double counted = in[i] <= 0 ? 0 : byValue.computeIfAbsent(in[i], value -> new PoissonDistribution(source,
                    value / gain, PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS)).sample();
            out[i] = Channels.clip(gain * counted + readSigma * random.nextGaussian());
        }
        return new Image(image.shape(), out);
    }

    /** commons-math3's generator interface over the campaign's stream, so draws stay reproducible from the seed. */
    private static final class StreamAdapter extends AbstractRandomGenerator {

        private final RandomGenerator random;

        StreamAdapter(RandomGenerator random) {
            this.random = random;
        }

        @Override
        public void setSeed(long seed) {
            throw new UnsupportedOperationException("seeded by the campaign's random stream");
        }

        @Override
        public double nextDouble() {
            return random.nextDouble();
        }
    }
}
