package org.medrobust.models.capability;

/** Marker for an optional ability of a classifier, discovered with {@code Classifier.capability(Class)}. */
public interface Capability {
}
