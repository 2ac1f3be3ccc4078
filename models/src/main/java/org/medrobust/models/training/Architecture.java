package org.medrobust.models.training;

import ai.djl.nn.Block;
import org.medrobust.datasets.ImageShape;

/**
 * A trainable network family with one fixed configuration: what the training loop builds and what a model card
 * records, so that shipped weights can be loaded back into the very same blocks.
 *
 * <p>Every architecture takes (N, C, H, W) images in [0, 1] and normalises them itself; it returns (N, K) logits.
 */
public interface Architecture {

    /** Stable name in model cards, e.g. "resnet-v1", "vit", "phantom-cnn". */
    String name();

    /** What the classifier reports as its kind, e.g. "djl-cnn", "djl-vit". */
    String kind();

    /**
     * The configuration, a record that Jackson writes into the model card and reads back: together with
     * {@link #name()} it determines the blocks (but not their weights).
     */
    Record config();

    /** One line on the network, for listings and cards. */
    String summary();

    /** A fresh, uninitialised network for images of {@code shape} with {@code classes} outputs. */
    Block build(ImageShape shape, int classes);
}
