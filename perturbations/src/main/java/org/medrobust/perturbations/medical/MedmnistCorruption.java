package org.medrobust.perturbations.medical;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;

/**
 * One MedMNIST-C corruption (Di Salvo, Doerrich, Ledig, "MedMNIST-C", arXiv:2406.17536, 2024;
 * francescodisalvo05/medmnistc-api) at one severity with one data set's published parameters
 * ({@code registry.py CORRUPTIONS_DS[dataset][corruption]}, severity s = the registry's entry s - 1), applied
 * under a {@link Resolution} policy. Records what it samples (motion blur's angle, bubbles).
 */
public final class MedmnistCorruption extends Corruption {

    private final String dataset;
    private final MedmnistOperator operator;
    private final double[] row;
    private final Resolution resolution;

    MedmnistCorruption(String id, String dataset, MedmnistOperator operator, double[] row, int severity,
            Resolution resolution) {
        super(id, severity, "MedMNIST-C " + operator.registryName() + ", registry CORRUPTIONS_DS['" + dataset + "']");
        this.dataset = dataset;
        this.operator = operator;
        this.row = row.clone();
        this.resolution = resolution;
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("corruption", operator.registryName());
        parameters.put("parameter_set", dataset);
        parameters.put("params", MedmnistOperator.list(row));
        parameters.put("resolution", resolution == Resolution.SCALED
                ? "pixel sizes scaled by side/" + Resolution.DESIGN_SIDE : "as published (designed for 224 px)");
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return applyRecorded(image, random).image();
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        return operator.apply(image, row, resolution.scale(image.shape().width()), random, severity());
    }
}
