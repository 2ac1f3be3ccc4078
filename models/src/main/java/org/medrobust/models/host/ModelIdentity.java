package org.medrobust.models.host;

import java.util.List;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;

/**
 * What a hosted model is, for results and error messages.
 *
 * @param source where it came from, as users should read it in an error: a file name or "built-in model X"
 */
public record ModelIdentity(String id, String kind, String sha256, String source, ImageShape inputShape,
                            List<String> classNames) {

    public ModelIdentity {
        classNames = List.copyOf(classNames);
    }

    /** Rejects a batch whose image shape is not the model's, with a one-line message naming the model. */
    public void checkBatch(ImageBatch batch) {
        if (!batch.shape().equals(inputShape)) {
            throw new InvalidInputException(source + ": batch images have shape " + batch.shape()
                    + " but the model takes " + inputShape);
        }
    }
}
