package org.medrobust.models.zoo;

import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.training.ModelCard;
import org.medrobust.models.training.TrainedNetworks;

/** Loads weights written by the training loop, given their model card. */
public final class TrainedModels {

    private TrainedModels() {
    }

    /**
     * The classifier the card describes, on {@code params}, whose SHA-256 must be the card's.
     *
     * @param source how errors name it, e.g. "built-in model cnn_pneumonia"
     */
    public static DjlClassifier load(ModelCard card, byte[] params, String source) {
        String sha256 = Sha256.of(params);
        if (!sha256.equals(card.weights().sha256())) {
            throw new InvalidInputException(source + ": the weights (SHA-256 " + sha256.substring(0, 12)
                    + "...) are not the ones its model card describes (" + card.weights().sha256().substring(0, 12)
                    + "...)");
        }
        return TrainedNetworks.load(Architectures.fromCard(card, source), params, card.id(), card.imageShape(),
                card.classNames(), source);
    }
}
