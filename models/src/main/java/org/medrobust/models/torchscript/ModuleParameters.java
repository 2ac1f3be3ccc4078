package org.medrobust.models.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.models.capability.WritableWeights.WeightTensor;

/**
 * The float32 named parameters of a loaded TorchScript module (its {@code named_parameters()}, in module order),
 * read and written in place: the module's forward uses the very tensors written here. Buffers (e.g. batch-norm
 * running statistics) are not parameters and are not listed.
 */
final class ModuleParameters {

    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final List<WeightTensor> tensors;

    ModuleParameters(PtSymbolBlock module) {
        for (Pair<String, Parameter> parameter : module.getDirectParameters()) {
            NDArray array = parameter.getValue().getArray();
            if (array.getDataType() == DataType.FLOAT32) {
                arrays.put(parameter.getKey(), array);
            }
        }
        tensors = arrays.entrySet().stream()
                .map(e -> new WeightTensor(e.getKey(), e.getValue().getShape().getShape())).toList();
    }

    List<WeightTensor> tensors() {
        return tensors;
    }

    float[] read(String name) {
        return array(name).toFloatArray();
    }

    /** Copies the values into the parameter's own storage (a native copy_, so the bits land unchanged). */
    void write(String name, float[] values) {
        NDArray array = array(name);
        if (values.length != array.size()) {
            throw new IllegalArgumentException("weight tensor '" + name + "' has " + array.size() + " values, got "
                    + values.length);
        }
        array.set(FloatBuffer.wrap(values));
    }

    private NDArray array(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no float32 weight tensor '" + name + "'; known are " + arrays.keySet());
        }
        return array;
    }
}
