package org.medrobust.models.zoo;

import java.util.Locale;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.training.ModelCard;
import org.medrobust.models.training.ModelTraining;
import org.medrobust.models.training.SplitMetrics;

/** Models shipped in this package: {@code <id>.params} and {@code <id>.card.json}, written by the training loop. */
public final class ShippedModels {

    private ShippedModels() {
    }

    /** Whether weights and a card of this id ship here. */
    public static boolean has(String id) {
        return id.matches("[A-Za-z0-9_.-]+") && ShippedResources.exists(ModelTraining.cardFile(id))
                && ShippedResources.exists(ModelTraining.paramsFile(id));
    }

    public static ModelCard card(String id) {
        return ModelCard.fromJson(ShippedResources.text(ModelTraining.cardFile(id)), "built-in model card "
                + ModelTraining.cardFile(id));
    }

    public static byte[] params(String id) {
        return ShippedResources.bytes(ModelTraining.paramsFile(id));
    }

    /** The shipped weights as a classifier (input shape and class names from the card); sha256 is the weights'. */
    public static DjlClassifier load(String id) {
        return TrainedModels.load(card(id), params(id), "built-in model " + id);
    }

    static BuiltinModel entry(String id) {
        return new BuiltinModel(id, () -> describe(id), () -> load(id));
    }

    /** One line: architecture, size, data, test scores. */
    static String describe(String id) {
        ModelCard card = card(id);
        SplitMetrics test = card.metrics("test");
        return String.format(Locale.ROOT, "%s %s, %,d parameters, %.1f M multiply-adds/image; trained on %s "
                        + "(%dx%dx%d, %s), test accuracy %.3f (%d/%d), AUC %.3f", card.kind(),
                card.architecture().name(), card.parameters(), card.flops().multiplyAddsPerImage() / 1e6,
                card.data().name(), card.inputShape()[0], card.inputShape()[1], card.inputShape()[2],
                String.join("/", card.classNames()), test.accuracy(), test.correct(), test.samples(), test.auc());
    }
}
