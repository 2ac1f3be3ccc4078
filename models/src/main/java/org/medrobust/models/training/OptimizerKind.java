package org.medrobust.models.training;

/** The optimiser of a training run. */
public enum OptimizerKind {
    /** AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay. The default. */
    ADAMW,
    /** Plain Adam without weight decay: kept for the phantom CNN, whose shipped weights were trained with it. */
    ADAM
}
