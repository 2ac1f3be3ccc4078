package org.medrobust.attacks.fault.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.models.capability.WritableWeights;

/** Weights held in plain arrays, for tests that need no engine. */
final class ArrayWeights implements WritableWeights {

    final Map<String, float[]> values = new LinkedHashMap<>();
    int writes;

    ArrayWeights with(String name, float... tensor) {
        values.put(name, tensor.clone());
        return this;
    }

    @Override
    public List<WeightTensor> tensors() {
        return values.entrySet().stream().map(e -> new WeightTensor(e.getKey(), new long[] {e.getValue().length}))
                .toList();
    }

    @Override
    public float[] read(String name) {
        return values.get(name).clone();
    }

    @Override
    public void write(String name, float[] tensor) {
        writes++;
        values.put(name, tensor.clone());
    }
}
