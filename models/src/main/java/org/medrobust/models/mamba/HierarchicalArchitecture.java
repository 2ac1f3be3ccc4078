package org.medrobust.models.mamba;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.Locale;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.training.Architecture;

/**
 * VMamba or MedMamba as a trainable, loadable architecture: the family's standard configuration sized to the images,
 * standardised with the train split's statistics; scans in {@link ScanMode#TAPED}.
 */
public final class HierarchicalArchitecture implements Architecture {

    public static final String VMAMBA = "vmamba";
    public static final String MEDMAMBA = "medmamba";

    private final String name;
    private final HierarchicalConfig config;

    public HierarchicalArchitecture(String name, HierarchicalConfig config) {
        if (!name.equals(VMAMBA) && !name.equals(MEDMAMBA)) {
            throw new IllegalArgumentException("not a hierarchical Mamba family: " + name);
        }
        this.name = name;
        this.config = config;
    }

    /** The family's standard configuration for images like {@code train}'s, standardised by them. */
    public static HierarchicalArchitecture forData(String name, Dataset train, long seed) {
        float[][] statistics = MambaShapes.statistics(train);
        HierarchicalConfig c = standardConfig(name, train.shape(), train.classNames().size(), seed);
        return new HierarchicalArchitecture(name, new HierarchicalConfig(c.imageSize(), c.channels(), c.classes(),
                c.patch(), c.dims(), c.depths(), c.dState(), statistics[0], statistics[1], c.seed()));
    }

    /** The standard configuration with neutral standardisation (mean 0.5, std 0.25), for benchmarks. */
    public static HierarchicalArchitecture standard(String name, ImageShape shape, int classes, long seed) {
        return new HierarchicalArchitecture(name, standardConfig(name, shape, classes, seed));
    }

    private static HierarchicalConfig standardConfig(String name, ImageShape shape, int classes, long seed) {
        ImageShape s = MambaShapes.square(shape, name);
        return name.equals(VMAMBA) ? VMamba.standardConfig(s.height(), s.channels(), classes, seed)
                : MedMamba.standardConfig(s.height(), s.channels(), classes, seed);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "djl-" + name;
    }

    @Override
    public HierarchicalConfig config() {
        return config;
    }

    @Override
    public String summary() {
        String blocks = name.equals(VMAMBA) ? "VSS blocks (SS2D, 4-way cross-scan)"
                : "SS-Conv-SSM blocks (conv branch + SS2D branch, channel shuffle)";
        return String.format(Locale.ROOT, "%s: %dx%d patch embedding, stages of widths %s and depths %s of %s, "
                + "patch merging, N = %d, average pooling, linear head", name.equals(VMAMBA) ? "VMamba" : "MedMamba",
                config.patch(), config.patch(), Arrays.toString(config.dims()), Arrays.toString(config.depths()), blocks,
                config.dState());
    }

    @Override
    public Block build(ImageShape shape, int classes) {
        MambaShapes.check(shape, classes, config.imageSize(), config.channels(), config.classes(), name);
        HierarchicalMamba model = name.equals(VMAMBA) ? new VMamba(config) : new MedMamba(config);
        model.setScanMode(ScanMode.TAPED);
        return model;
    }
}
