package org.medrobust.models.zoo;

import java.util.List;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.baselines.ResNetBaseline;
import org.medrobust.models.baselines.VitBaseline;
import org.medrobust.models.cnn.PhantomCnn;
import org.medrobust.models.training.Architecture;
import org.medrobust.models.training.ModelCard;

/**
 * The architectures the product can train and load, by name: the model families of {@code medrobust train --model}
 * and the architecture names of model cards.
 */
public final class Architectures {

    /** Model families {@code medrobust train} accepts. */
    public static final List<String> TRAINABLE = List.of("cnn", "vit");

    private Architectures() {
    }

    /** A fresh architecture of a family, configured for images like {@code train}'s (and standardised by them). */
    public static Architecture forTraining(String model, Dataset train) {
        return switch (model) {
            case "cnn" -> ResNetBaseline.forData(train);
            case "vit" -> VitBaseline.forData(train);
            default -> throw new InvalidInputException("unknown model '" + model + "': use one of "
                    + String.join(", ", TRAINABLE));
        };
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
            default -> throw new InvalidInputException(source + ": unknown architecture '" + info.name() + "' (known: "
                    + String.join(", ", PhantomCnn.NAME, ResNetBaseline.NAME, VitBaseline.NAME) + ")");
        };
    }
}
