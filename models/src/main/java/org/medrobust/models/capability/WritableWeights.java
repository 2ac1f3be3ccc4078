package org.medrobust.models.capability;

import java.util.List;

/** The model exposes its weight tensors for reading and writing: bit-flip fault models need this. */
public interface WritableWeights extends Capability {

    /** Every weight tensor, in a stable order. */
    List<WeightTensor> tensors();

    /** A copy of the tensor's values (float32, row-major). */
    float[] read(String name);

    /** Replaces the tensor's values; later predictions use them. */
    void write(String name, float[] values);

    record WeightTensor(String name, long[] shape) {
    }
}
