package org.medrobust.models;

import java.util.List;
import java.util.Optional;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.capability.Capability;

/**
 * A model under test: turns a batch of images (N, C, H, W) in [0, 1] into logits (N, K). The model normalises
 * internally. Optional capabilities (input gradients, writable weights, activation hooks) are discovered with
 * {@link #capability(Class)}; a threat that needs a missing one is skipped with a recorded reason.
 */
public interface Classifier extends AutoCloseable {

    /** Short identifier used in results, e.g. "phantom_cnn" or the ONNX file's base name. */
    String id();

    /** What kind of model this is, e.g. "djl-cnn", "onnx". */
    String kind();

    /** SHA-256 of the weights or model file, for the evidence trail. */
    String sha256();

    /** The input shape one image must have. */
    ImageShape inputShape();

    /** Class names, indexed by class; their count is the logit width. */
    List<String> classNames();

    Logits predict(ImageBatch batch);

    /** A capability the model offers, or empty. */
    default <C extends Capability> Optional<C> capability(Class<C> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    @Override
    default void close() {
    }
}
