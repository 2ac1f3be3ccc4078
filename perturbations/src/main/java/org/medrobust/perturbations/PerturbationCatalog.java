package org.medrobust.perturbations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.noise.GaussianNoise;
import org.medrobust.perturbations.physics.PhysicsCorruptions;
import org.medrobust.perturbations.site.SiteShift;

/** Every perturbation medrobust knows, by id, with its severity levels. */
public final class PerturbationCatalog {

    private record Entry(int levels, IntFunction<Perturbation> factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        ENTRIES.put(GaussianNoise.ID, new Entry(GaussianNoise.SIGMAS.levels(), GaussianNoise::new));
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
