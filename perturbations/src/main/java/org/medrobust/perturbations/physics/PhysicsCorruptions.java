package org.medrobust.perturbations.physics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import java.util.function.IntFunction;
import org.medrobust.perturbations.Perturbation;

/** The acquisition-physics corruptions by id, in catalogue order; each has five severity levels. */
public final class PhysicsCorruptions {

    public static final int LEVELS = 5;

    public static final SequencedMap<String, IntFunction<Perturbation>> ALL = build();

    private PhysicsCorruptions() {
    }

    private static SequencedMap<String, IntFunction<Perturbation>> build() {
        SequencedMap<String, IntFunction<Perturbation>> all = new LinkedHashMap<>();
        all.put(RicianNoise.ID, RicianNoise::new);
        all.put(PoissonGaussianNoise.ID, PoissonGaussianNoise::new);
        all.put(GibbsRinging.ID, GibbsRinging::new);
        all.put(KSpaceSpike.ID, KSpaceSpike::new);
        all.put(MriGhosting.ID, MriGhosting::new);
        all.put(MriMotion.ID, MriMotion::new);
        all.put(BiasField.ID, BiasField::new);
        all.put(AnisotropicDownsampling.ID, AnisotropicDownsampling::new);
        all.put(UltrasoundSpeckle.ID, UltrasoundSpeckle::new);
        return Collections.unmodifiableSequencedMap(all);
    }
}
