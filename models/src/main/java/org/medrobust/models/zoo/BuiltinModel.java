package org.medrobust.models.zoo;

import java.util.function.Supplier;
import org.medrobust.models.Classifier;

/**
 * One entry of the built-in model registry.
 *
 * @param description one line for listings, read lazily (it may come from a model card)
 * @param loader      a fresh classifier on each call; the caller closes it
 */
record BuiltinModel(String id, Supplier<String> description, Supplier<Classifier> loader) {
}
