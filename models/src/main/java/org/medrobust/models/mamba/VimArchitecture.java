package org.medrobust.models.mamba;

import ai.djl.nn.Block;
import java.util.Locale;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.training.Architecture;

/**
 * Vim as a trainable, loadable architecture: {@link VimConfig#standard} sized to the images, standardised with the
 * train split's statistics. The built network runs its scans in {@link ScanMode#TAPED} (fast kernel, differentiable
 * through a {@link org.medrobust.models.scan.djl.ScanTape}).
 */
public final class VimArchitecture implements Architecture {

    public static final String NAME = "vim";

    private final VimConfig config;

    public VimArchitecture(VimConfig config) {
        this.config = config;
    }

    /** The standard configuration for images like {@code train}'s, standardised by them. */
    public static VimArchitecture forData(Dataset train, long seed) {
        return forData(train, seed, VimConfig.STANDARD_PATCH);
    }

    /** The standard configuration with patches of {@code patch} pixels (it must divide the image side). */
    public static VimArchitecture forData(Dataset train, long seed, int patch) {
        ImageShape shape = MambaShapes.square(train.shape(), NAME);
        if (patch < 1 || shape.height() % patch != 0) {
            throw new InvalidInputException("--patch " + patch + " does not divide the " + shape.height()
                    + " px images (Vim needs whole patches)");
        }
        float[][] statistics = MambaShapes.statistics(train);
        return new VimArchitecture(VimConfig.standard(shape.height(), shape.channels(), train.classNames().size(), seed)
                .withPatch(patch).withNormalisation(statistics[0], statistics[1]));
    }

    /** The standard configuration with neutral standardisation (mean 0.5, std 0.25), for benchmarks. */
    public static VimArchitecture standard(ImageShape shape, int classes, long seed) {
        MambaShapes.square(shape, NAME);
        return new VimArchitecture(VimConfig.standard(shape.height(), shape.channels(), classes, seed));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return "djl-vim";
    }

    @Override
    public VimConfig config() {
        return config;
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "Vim: %dx%d patches, width %d, %d bidirectional Mamba blocks (N = %d), middle "
                + "class token, RMSNorm, linear head", config.patch(), config.patch(), config.dModel(), config.depth(),
                config.dState());
    }

    @Override
    public Block build(ImageShape shape, int classes) {
        MambaShapes.check(shape, classes, config.imageSize(), config.channels(), config.classes(), NAME);
        Vim vim = new Vim(config);
        vim.setScanMode(ScanMode.TAPED);
        return vim;
    }
}
