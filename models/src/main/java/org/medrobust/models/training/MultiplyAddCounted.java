package org.medrobust.models.training;

import ai.djl.ndarray.types.Shape;

/** A custom block that states its own multiply-add count, for {@link Flops}. */
public interface MultiplyAddCounted {

    /** Multiply-adds of one forward pass on inputs of these shapes (batch of one). */
    long multiplyAdds(Shape[] inputShapes);
}
