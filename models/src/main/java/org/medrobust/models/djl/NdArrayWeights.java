package org.medrobust.models.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.models.capability.WritableWeights.WeightTensor;

/**
 * Named float32 parameter arrays of a DJL model, read and written in place: the forward pass uses the very arrays
 * written here (a native copy, so the bits land unchanged). Shared by the zoo's blocks and TorchScript modules.
 */
public final class NdArrayWeights {

    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final List<WeightTensor> tensors;

    /** @param parameters name and parameter, in a stable order; only initialised float32 ones are kept */
    public NdArrayWeights(Iterable<Pair<String, Parameter>> parameters, boolean trainableOnly) {
        for (Pair<String, Parameter> parameter : parameters) {
            Parameter p = parameter.getValue();
            if (p.isInitialized() && (!trainableOnly || p.requiresGradient())
                    && p.getArray().getDataType() == DataType.FLOAT32) {
                arrays.put(parameter.getKey(), p.getArray());
            }
        }
        tensors = arrays.entrySet().stream()
                .map(e -> new WeightTensor(e.getKey(), e.getValue().getShape().getShape())).toList();
    }

    /**
     * A block's trainable parameters ({@code getParameters()}, block order, DJL's hierarchical names). As with
     * PyTorch's {@code named_parameters()}, non-trainable state (batch-norm running statistics) is left out.
     */
    static NdArrayWeights ofBlock(Block block) {
        return new NdArrayWeights(block.getParameters(), true);
    }

    public List<WeightTensor> tensors() {
        return tensors;
    }

    public float[] read(String name) {
        return array(name).toFloatArray();
    }

    public void write(String name, float[] values) {
        NDArray array = array(name);
        if (values.length != array.size()) {
            throw new IllegalArgumentException("weight tensor '" + name + "' has " + array.size() + " values, got "
                    + values.length);
        }
        array.set(FloatBuffer.wrap(values));
    }

    /**
     * Runs {@code work} with autograd attached to every array here, then hands back their gradients (read before the
     * arrays are detached again, so a frozen module stays frozen for later calls). Each buffer is zeroed first: it
     * outlives the detach, and the engine-wide zeroing before a gradient call skips arrays that were detached then, so
     * without this a second call returned the sum of both calls' gradients.
     */
    public Map<String, float[]> gradientsOf(Runnable work) {
        Map<String, Boolean> attached = new LinkedHashMap<>();
        arrays.forEach((name, array) -> {
            attached.put(name, array.hasGradient());
            array.setRequiresGradient(true);
            DjlRuntime.zeroGradient(array);
        });
        try {
            work.run();
            Map<String, float[]> gradients = new LinkedHashMap<>();
            arrays.forEach((name, array) -> {
                try (NDArray gradient = array.getGradient()) { // a new handle each read: closed, not left to the model
                    gradients.put(name, gradient.toFloatArray());
                }
            });
            return gradients;
        } finally {
            attached.forEach((name, was) -> {
                if (!was) {
                    arrays.get(name).setRequiresGradient(false);
                }
            });
        }
    }

    private NDArray array(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no float32 weight tensor '" + name + "'; known are " + arrays.keySet());
        }
        return array;
    }
}
