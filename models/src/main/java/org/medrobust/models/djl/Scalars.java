package org.medrobust.models.djl;

import ai.djl.ndarray.NDArray;

/**
 * Scalars for differentiable arithmetic. DJL's {@code NDArray.div(Number)} (and mul, pow, minimum, ...) wraps the
 * number in a tensor over a Java direct buffer and closes it right after the op, but autograd may have saved that
 * tensor for the backward pass (division and multiplication do): once the garbage collector frees the buffer, the
 * backward reads freed memory and the gradients turn to garbage or NaN (seen here whenever a collection ran between
 * forward and backward). A scalar from this class belongs to the operand's manager, so it lives as long as the graph.
 */
public final class Scalars {

    private Scalars() {
    }

    /** {@code value} as a 0-d float32 array owned by {@code like}'s manager. */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().create(value);
    }
}
