package org.medrobust.models.zoo;

import java.util.Locale;
import org.medrobust.models.cnn.PhantomCnn;
import org.medrobust.models.cnn.PhantomCnnCard;
import org.medrobust.models.djl.DjlClassifier;

/** The phantom CNN as shipped: parameters and model card written by PhantomCnnTrainer into this package. */
public final class ShippedPhantomCnn {

    private ShippedPhantomCnn() {
    }

    public static PhantomCnnCard card() {
        return PhantomCnnCard.fromJson(ShippedResources.text(PhantomCnn.CARD_FILE));
    }

    /** The shipped weights as a classifier; its sha256 is that of the parameter file. */
    public static DjlClassifier load() {
        PhantomCnnCard card = card();
        return PhantomCnn.load(ShippedResources.bytes(PhantomCnn.PARAMS_FILE), card.imageShape(), card.classNames(),
                "built-in model " + PhantomCnn.ID);
    }

    static BuiltinModel entry() {
        return new BuiltinModel(PhantomCnn.ID, ShippedPhantomCnn::describe, ShippedPhantomCnn::load);
    }

    private static String describe() {
        PhantomCnnCard card = card();
        PhantomCnnCard.SplitAccuracy test = card.accuracy().get("test");
        return String.format(Locale.ROOT, "%s: small CNN, %,d parameters (%s); trained on the %s data set, "
                        + "test accuracy %.3f (%d/%d)", card.id(), card.parameters(), card.architecture(), card.dataset(),
                test.accuracy(), test.correct(), test.total());
    }
}
