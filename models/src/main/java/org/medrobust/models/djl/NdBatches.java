package org.medrobust.models.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Logits;
import org.medrobust.models.host.ModelIdentity;

/** Conversions between the suite's plain arrays and DJL NDArrays. */
public final class NdBatches {

    private NdBatches() {
    }

    /** The batch as a float32 (N, C, H, W) array owned by {@code manager}. */
    public static NDArray toArray(NDManager manager, ImageBatch batch) {
        return manager.create(batch.data(), new Shape(batch.dimensions()));
    }

    /** Reads (N, K) model output back; any other shape means the model does not fit its class names. */
    public static Logits toLogits(NDArray output, int rows, ModelIdentity model) {
        Shape shape = output.getShape();
        int classes = model.classNames().size();
        if (shape.dimension() != 2 || shape.get(0) != rows || shape.get(1) != classes) {
            throw new InvalidInputException(model.source() + ": model output has shape " + shape
                    + ", expected (" + rows + ", " + classes + ") logits");
        }
        NDArray values = output.getDataType() == DataType.FLOAT32 ? output : output.toType(DataType.FLOAT32, false);
        return new Logits(rows, classes, values.toFloatArray());
    }
}
