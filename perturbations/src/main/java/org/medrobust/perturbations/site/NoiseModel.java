package org.medrobust.perturbations.site;

import java.util.Locale;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.physics.PoissonGaussianNoise;
import org.medrobust.perturbations.physics.RicianNoise;
import org.medrobust.perturbations.physics.UltrasoundSpeckle;

/**
 * A site's detector noise, one of the physics corruptions at a free level (the operators are theirs, not copies):
 * {@code poisson_gaussian} (X-ray, CT: photons per unit intensity and read-out sigma; fewer photons, more noise),
 * {@code rician} (MRI magnitude: sigma), {@code speckle} (ultrasound: looks; fewer looks, more speckle), or
 * {@code none}.
 */
public sealed interface NoiseModel {

    Image apply(Image image, RandomGenerator random);

    /** Puts the model's name and level into a profile's parameters. */
    void describe(SequencedMap<String, Object> parameters);

    record None() implements NoiseModel {
        @Override
        public Image apply(Image image, RandomGenerator random) {
            return image;
        }

        @Override
        public void describe(SequencedMap<String, Object> parameters) {
            parameters.put("noise", "none");
        }
    }

    record PoissonGaussian(double photons, double readSigma) implements NoiseModel {
        public PoissonGaussian {
            requirePositive("photons", photons);
            requireNonNegative("readSigma", readSigma);
        }

        @Override
        public Image apply(Image image, RandomGenerator random) {
            return PoissonGaussianNoise.add(image, photons, readSigma, random);
        }

        @Override
        public void describe(SequencedMap<String, Object> parameters) {
            parameters.put("noise", "poisson_gaussian");
            parameters.put("photons", photons);
            parameters.put("readSigma", readSigma);
        }
    }

    record Rician(double sigma) implements NoiseModel {
        public Rician {
            requireNonNegative("sigma", sigma);
        }

        @Override
        public Image apply(Image image, RandomGenerator random) {
            return RicianNoise.add(image, sigma, random);
        }

        @Override
        public void describe(SequencedMap<String, Object> parameters) {
            parameters.put("noise", "rician");
            parameters.put("sigma", sigma);
        }
    }

    record Speckle(int looks) implements NoiseModel {
        public Speckle {
            if (looks < 1) {
                throw new InvalidInputException("noise looks must be at least 1, got " + looks);
            }
        }

        @Override
        public Image apply(Image image, RandomGenerator random) {
            return UltrasoundSpeckle.add(image, looks, random);
        }

        @Override
        public void describe(SequencedMap<String, Object> parameters) {
            parameters.put("noise", "speckle");
            parameters.put("looks", looks);
        }
    }

    /** The model by its YAML name; the level keys it does not use must be absent. */
    static NoiseModel of(String model, Double photons, Double readSigma, Double sigma, Integer looks) {
        String name = model == null ? "none" : model.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "none" -> {
                unused(name, photons, readSigma, sigma, looks);
                yield new None();
            }
            case "poisson_gaussian" -> {
                unused(name, null, null, sigma, looks);
                yield new PoissonGaussian(required(name, "photons", photons), readSigma == null ? 0 : readSigma);
            }
            case "rician" -> {
                unused(name, photons, readSigma, null, looks);
                yield new Rician(required(name, "sigma", sigma));
            }
            case "speckle" -> {
                unused(name, photons, readSigma, sigma, null);
                yield new Speckle(looks == null ? 1 : looks);
            }
            default -> throw new InvalidInputException("unknown noise model '" + model
                    + "': known are none, poisson_gaussian, rician, speckle");
        };
    }

    private static double required(String model, String key, Double value) {
        if (value == null) {
            throw new InvalidInputException("noise model " + model + " needs '" + key + "'");
        }
        return value;
    }

    private static void unused(String model, Double photons, Double readSigma, Double sigma, Integer looks) {
        String[] names = {"photons", "readSigma", "sigma", "looks"};
        Object[] values = {photons, readSigma, sigma, looks};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null) {
                throw new InvalidInputException("noise model " + model + " takes no '" + names[i] + "'");
            }
        }
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new InvalidInputException("noise " + name + " must be a positive number, got " + value);
        }
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new InvalidInputException("noise " + name + " must be a number >= 0, got " + value);
        }
    }
}
