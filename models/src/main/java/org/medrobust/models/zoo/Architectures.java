package org.medrobust.models.zoo;

import java.util.List;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.baselines.ResNetBaseline;
import org.medrobust.models.baselines.VitBaseline;
import org.medrobust.models.cnn.PhantomCnn;
import org.medrobust.models.mamba.HierarchicalArchitecture;
import org.medrobust.models.mamba.HierarchicalConfig;
import org.medrobust.models.mamba.VimArchitecture;
import org.medrobust.models.mamba.VimConfig;
import org.medrobust.models.training.Architecture;
import org.medrobust.models.training.ModelCard;

/**
 * The architectures the product can train and load, by name: the model families of {@code medrobust train --model}
 * and the architecture names of model cards.
 */
public final class Architectures {

    /** Families whose patch side {@code medrobust train --patch} may set. */
    public static final List<String> PATCHED = List.of("vit", "vim");

    /** Model families {@code medrobust train} accepts. */
    public static final List<String> TRAINABLE = List.of("cnn", "vit", "vim", "vmamba", "medmamba");

    private Architectures() {
    }

    /** A fresh architecture of a family, configured for images like {@code train}'s (and standardised by them). */
    public static Architecture forTraining(String model, Dataset train, long seed) {
        return switch (model) {
            case "cnn" -> ResNetBaseline.forData(train);
            case "vit" -> VitBaseline.forData(train);
            case "vim" -> VimArchitecture.forData(train, seed);
            case "vmamba" -> HierarchicalArchitecture.forData(HierarchicalArchitecture.VMAMBA, train, seed);
            case "medmamba" -> HierarchicalArchitecture.forData(HierarchicalArchitecture.MEDMAMBA, train, seed);
            default -> throw unknown(model);
        };
    }

    /**
     * As {@link #forTraining(String, Dataset, long)} with another patch side ({@code null}: the family's default);
     * only the patch-embedding families ({@link #PATCHED}) take one.
     */
    public static Architecture forTraining(String model, Dataset train, long seed, Integer patch) {
        if (patch == null) {
            return forTraining(model, train, seed);
        }
        return switch (model) {
            case "vit" -> VitBaseline.forData(train, patch);
            case "vim" -> VimArchitecture.forData(train, seed, patch);
            default -> throw new InvalidInputException("--patch applies to " + String.join(" and ", PATCHED)
                    + ", not to " + model);
        };
    }

    /**
     * A family's standard configuration for images of {@code shape} with neutral standardisation (mean 0.5, std 0.25):
     * the same layer sizes and patch as the trained zoo, so that the token count grows with the pixel count (for
     * benchmarks; not for training).
     */
    public static Architecture standard(String model, ImageShape shape, int classes) {
        double[] mean = neutral(shape.channels(), 0.5), std = neutral(shape.channels(), 0.25);
        return switch (model) {
            case "cnn" -> new ResNetBaseline(new ResNetBaseline.Config(ResNetBaseline.DEFAULT_LAYERS,
                    ResNetBaseline.BUILDER_SIDE, 1, mean, std));
            case "vit" -> new VitBaseline(new VitBaseline.Config(VitBaseline.STANDARD_PATCH, 96, 6, 4, 192, mean, std));
            case "vim" -> VimArchitecture.standard(shape, classes, 1);
            case "vmamba" -> HierarchicalArchitecture.standard(HierarchicalArchitecture.VMAMBA, shape, classes, 1);
            case "medmamba" -> HierarchicalArchitecture.standard(HierarchicalArchitecture.MEDMAMBA, shape, classes, 1);
            default -> throw unknown(model);
        };
    }

    private static InvalidInputException unknown(String model) {
        return new InvalidInputException("unknown model '" + model + "': use one of " + String.join(", ", TRAINABLE));
    }

    private static double[] neutral(int channels, double value) {
        double[] v = new double[channels];
        java.util.Arrays.fill(v, value);
        return v;
    }

    /** The architecture a model card describes, rebuilt from its name and configuration. */
    public static Architecture fromCard(ModelCard card, String source) {
        ModelCard.ArchitectureInfo info = card.architecture();
        return switch (info.name()) {
            case PhantomCnn.NAME -> {
                ModelCard.config(info.config(), PhantomCnn.Config.class, source); // validates it
                yield PhantomCnn.architecture();
            }
            case ResNetBaseline.NAME -> new ResNetBaseline(ModelCard.config(info.config(), ResNetBaseline.Config.class,
                    source));
            case VitBaseline.NAME -> new VitBaseline(ModelCard.config(info.config(), VitBaseline.Config.class, source));
            case VimArchitecture.NAME -> new VimArchitecture(ModelCard.config(info.config(), VimConfig.class, source));
            case HierarchicalArchitecture.VMAMBA, HierarchicalArchitecture.MEDMAMBA -> new HierarchicalArchitecture(
                    info.name(), ModelCard.config(info.config(), HierarchicalConfig.class, source));
            default -> throw new InvalidInputException(source + ": unknown architecture '" + info.name() + "' (known: "
                    + String.join(", ", PhantomCnn.NAME, ResNetBaseline.NAME, VitBaseline.NAME, VimArchitecture.NAME,
                    HierarchicalArchitecture.VMAMBA, HierarchicalArchitecture.MEDMAMBA) + ")");
        };
    }
}
