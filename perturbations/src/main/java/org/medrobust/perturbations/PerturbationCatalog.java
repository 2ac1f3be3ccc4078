package org.medrobust.perturbations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.blur.DefocusBlur;
import org.medrobust.perturbations.blur.GaussianBlur;
import org.medrobust.perturbations.blur.GlassBlur;
import org.medrobust.perturbations.blur.MotionBlur;
import org.medrobust.perturbations.blur.ZoomBlur;
import org.medrobust.perturbations.digital.Brightness;
import org.medrobust.perturbations.digital.Contrast;
import org.medrobust.perturbations.digital.ElasticTransform;
import org.medrobust.perturbations.digital.JpegCompression;
import org.medrobust.perturbations.digital.Pixelate;
import org.medrobust.perturbations.digital.Saturate;
import org.medrobust.perturbations.medical.MedmnistC;
import org.medrobust.perturbations.medical.Resolution;
import org.medrobust.perturbations.noise.GaussianNoise;
import org.medrobust.perturbations.noise.ImpulseNoise;
import org.medrobust.perturbations.noise.ShotNoise;
import org.medrobust.perturbations.noise.SpeckleNoise;
import org.medrobust.perturbations.weather.Fog;
import org.medrobust.perturbations.weather.Frost;
import org.medrobust.perturbations.weather.Snow;
import org.medrobust.perturbations.weather.Spatter;
import org.medrobust.perturbations.physics.PhysicsCorruptions;
import org.medrobust.perturbations.site.SiteShift;

/** Every perturbation medrobust knows, by id, with its severity levels. */
public final class PerturbationCatalog {

    private record Entry(int levels, IntFunction<Perturbation> factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        // ImageNet-C's 15 + 4, CIFAR-10-C tables, in the paper's order
        ENTRIES.put(GaussianNoise.ID, new Entry(GaussianNoise.SIGMAS.levels(), GaussianNoise::new));
        ENTRIES.put(ShotNoise.ID, new Entry(ShotNoise.PHOTONS.levels(), ShotNoise::new));
        ENTRIES.put(ImpulseNoise.ID, new Entry(ImpulseNoise.AMOUNTS.levels(), ImpulseNoise::new));
        ENTRIES.put(DefocusBlur.ID, new Entry(DefocusBlur.TABLE.levels(), DefocusBlur::new));
        ENTRIES.put(GlassBlur.ID, new Entry(GlassBlur.TABLE.levels(), GlassBlur::new));
        ENTRIES.put(MotionBlur.ID, new Entry(MotionBlur.TABLE.levels(), MotionBlur::new));
        ENTRIES.put(ZoomBlur.ID, new Entry(ZoomBlur.TABLE.levels(), ZoomBlur::new));
        ENTRIES.put(Snow.ID, new Entry(Snow.TABLE.levels(), Snow::new));
        ENTRIES.put(Frost.ID, new Entry(Frost.TABLE.levels(), Frost::new));
        ENTRIES.put(Fog.ID, new Entry(Fog.TABLE.levels(), Fog::new));
        ENTRIES.put(Brightness.ID, new Entry(Brightness.SHIFTS.levels(), Brightness::new));
        ENTRIES.put(Contrast.ID, new Entry(Contrast.FACTORS.levels(), Contrast::new));
        ENTRIES.put(ElasticTransform.ID, new Entry(ElasticTransform.TABLE.levels(), ElasticTransform::new));
        ENTRIES.put(Pixelate.ID, new Entry(Pixelate.FACTORS.levels(), Pixelate::new));
        ENTRIES.put(JpegCompression.ID, new Entry(JpegCompression.QUALITIES.levels(), JpegCompression::new));
        ENTRIES.put(SpeckleNoise.ID, new Entry(SpeckleNoise.SIGMAS.levels(), SpeckleNoise::new));
        ENTRIES.put(GaussianBlur.ID, new Entry(GaussianBlur.SIGMAS.levels(), GaussianBlur::new));
        ENTRIES.put(Spatter.ID, new Entry(Spatter.TABLE.levels(), Spatter::new));
        ENTRIES.put(Saturate.ID, new Entry(Saturate.TABLE.levels(), Saturate::new));
        // MedMNIST-C, every data set's published parameters, pixel sizes scaled to the image (Resolution.SCALED)
        for (String dataset : MedmnistC.datasets()) {
            for (String corruption : MedmnistC.corruptions(dataset)) {
                ENTRIES.put(MedmnistC.id(dataset, corruption), new Entry(MedmnistC.levels(dataset, corruption),
                        severity -> MedmnistC.create(dataset, corruption, severity, Resolution.SCALED)));
            }
        }
        // Acquisition physics (TorchIO/MONAI), package physics.
        PhysicsCorruptions.ALL.forEach((id, factory) -> ENTRIES.put(id, new Entry(PhysicsCorruptions.LEVELS, factory)));
        // Built-in virtual hospitals (domain-shift family, one level each), package site.
        SiteShift.builtInThreats().forEach((id, factory) -> ENTRIES.put(id, new Entry(1, factory)));
    }

    private PerturbationCatalog() {
    }

    public static List<String> ids() {
        return List.copyOf(ENTRIES.keySet());
    }

    public static int levels(String id) {
        return entry(id).levels();
    }

    public static Perturbation create(String id, int severity) {
        return entry(id).factory().apply(severity);
    }

    /** One instance per severity level, mildest first. */
    public static List<Perturbation> allSeverities(String id) {
        List<Perturbation> all = new ArrayList<>();
        for (int severity = 1; severity <= levels(id); severity++) {
            all.add(create(id, severity));
        }
        return all;
    }

    private static Entry entry(String id) {
        Entry entry = ENTRIES.get(id);
        if (entry == null) {
            throw new InvalidInputException("unknown perturbation '" + id + "': known are " + ids());
        }
        return entry;
    }
}
