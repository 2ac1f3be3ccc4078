package org.medrobust.perturbations.physics;

import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;

/** A physics corruption that samples parameters (positions, poses, coefficients) and records them. */
abstract class SampledPhysicsCorruption extends PhysicsCorruption {

    SampledPhysicsCorruption(String id, int severity, String source) {
        super(id, severity, source);
    }

    @Override
    public final Image apply(Image image, RandomGenerator random) {
        return applyRecorded(image, random).image();
    }

    @Override
    public abstract Perturbed applyRecorded(Image image, RandomGenerator random);
}
