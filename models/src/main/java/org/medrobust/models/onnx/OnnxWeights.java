package org.medrobust.models.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.models.capability.WritableWeights.WeightTensor;

/**
 * The float32 initializers of an ONNX model's main graph, located in the model bytes: what bit flips can target.
 * Both encodings ONNX exporters use (raw_data, and packed float_data) hold the values as consecutive
 * little-endian floats, so a tensor is an offset into the bytes, read and patched in place. Other element types,
 * external data, unpacked float_data and subgraph initializers are left out.
 */
final class OnnxWeights {

    // Field numbers from onnx.proto3.
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int FLOAT = 1;
    private static final int EXTERNAL = 1;

    private final byte[] model;
    private final Map<String, Entry> entries;

    private OnnxWeights(byte[] model, Map<String, Entry> entries) {
        this.model = model;
        this.entries = entries;
    }

    /** Indexes the model; a malformed model throws {@link ProtoReader.CorruptProtobufException}. */
    static OnnxWeights index(byte[] model) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        ProtoReader modelProto = new ProtoReader(model);
        while (modelProto.next()) {
            if (modelProto.field() == MODEL_GRAPH && modelProto.wireType() == ProtoReader.LENGTH_DELIMITED) {
                ProtoReader graph = modelProto.message();
                while (graph.next()) {
                    if (graph.field() == GRAPH_INITIALIZER && graph.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        Entry entry = readTensor(graph.message());
                        if (entry != null) {
                            entries.put(entry.tensor.name(), entry);
                        }
                    } else {
                        graph.skip();
                    }
                }
            } else {
                modelProto.skip();
            }
        }
        return new OnnxWeights(model, entries);
    }

    List<WeightTensor> tensors() {
        return entries.values().stream().map(e -> new WeightTensor(e.tensor.name(), e.tensor.shape().clone())).toList();
    }

    boolean contains(String name) {
        return entries.containsKey(name);
    }

    int size(String name) {
        return entry(name).count;
    }

    /** The tensor's values as stored in the model file, in a fresh array. */
    float[] values(String name) {
        Entry entry = entry(name);
        float[] values = new float[entry.count];
        floats(model, entry).get(values);
        return values;
    }

    /**
     * A copy of the model bytes with the given tensors' values replaced: the model as if its file held them.
     * Patching the file, rather than overriding initializers in the session, stays exact whatever ONNX Runtime's
     * optimisers do to the graph (they re-layout and transpose constants, and then ignore or misapply overrides).
     */
    byte[] patched(Map<String, float[]> replacements) {
        byte[] copy = model.clone();
        replacements.forEach((name, values) -> floats(copy, entry(name)).put(values));
        return copy;
    }

    private static FloatBuffer floats(byte[] bytes, Entry entry) {
        return ByteBuffer.wrap(bytes, entry.offset, entry.count * Float.BYTES).slice().order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
    }

    private Entry entry(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no float32 weight tensor named '" + name + "'");
        }
        return entry;
    }

    /** One TensorProto, or null when it is not a float32 tensor whose values lie packed in the model bytes. */
    private static Entry readTensor(ProtoReader tensor) {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        int location = 0;
        String name = null;
        int offset = -1;
        long bytes = 0;
        int chunks = 0;
        while (tensor.next()) {
            switch (tensor.field()) {
                case TENSOR_DIMS -> readInts(tensor, dims);
                case TENSOR_DATA_TYPE -> dataType = (int) tensor.varint();
                case TENSOR_NAME -> name = tensor.string();
                case TENSOR_RAW_DATA, TENSOR_FLOAT_DATA -> {
                    if (tensor.wireType() != ProtoReader.LENGTH_DELIMITED) {
                        tensor.skip();
                        chunks = 2;   // unpacked float_data: values scattered between tags
                    } else {
                        ProtoReader values = tensor.message();
                        offset = values.start();
                        bytes = values.end() - values.start();
                        chunks++;
                    }
                }
                case TENSOR_DATA_LOCATION -> location = (int) tensor.varint();
                default -> tensor.skip();
            }
        }
        long count = dims.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
        if (name == null || dataType != FLOAT || location == EXTERNAL || chunks != 1 || bytes != count * Float.BYTES) {
            return null;
        }
        return new Entry(new WeightTensor(name, dims.stream().mapToLong(Long::longValue).toArray()), (int) count, offset);
    }

    /** Repeated int64: packed or one value per field. */
    private static void readInts(ProtoReader tensor, List<Long> into) {
        if (tensor.wireType() == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader packed = tensor.message();
            while (packed.hasMore()) {
                into.add(packed.varint());
            }
        } else {
            into.add(tensor.varint());
        }
    }

    /** @param offset where the tensor's little-endian float32 values start in the model bytes */
    private record Entry(WeightTensor tensor, int count, int offset) {
    }
}
