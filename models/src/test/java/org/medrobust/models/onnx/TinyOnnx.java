package org.medrobust.models.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes tiny ONNX models byte by byte, so tests can cover input signatures no shipped model has. The model is
 * logits = Flatten(GlobalAveragePool(image)) x W + B: each image's mean pixel m gives logits (m*W0 + B0, m*W1 + B1).
 * W is stored as float_data and B as raw_data, the two encodings of initializer values.
 */
final class TinyOnnx {

    static final float[] W = {2f, -3f};
    static final float[] B = {0.5f, 0.25f};

    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTRIBUTE_INT = 2;

    private Object[] inputDims = {"batch", 1L, 4L, 4L};
    private Object[] outputDims = {"batch", 2L};
    private int inputType = FLOAT;
    private boolean secondInput;
    private float divisor = 1;

    /** Input dims: a Long is fixed, a String is a named dynamic dimension. */
    TinyOnnx input(Object... dims) {
        inputDims = dims;
        return this;
    }

    TinyOnnx output(Object... dims) {
        outputDims = dims;
        return this;
    }

    /** An int64 image input, cast to float inside: a valid model with an input type the suite cannot feed. */
    TinyOnnx int64Input() {
        inputType = INT64;
        return this;
    }

    /** Divides the image by {@code value} first, as a model trained on [0, 255] pixels that normalises inside. */
    TinyOnnx dividedBy(float value) {
        divisor = value;
        return this;
    }

    TinyOnnx secondInput() {
        secondInput = true;
        return this;
    }

    /** The logits this model gives for an image with the given mean pixel value. */
    static float[] expected(float mean) {
        return new float[] {mean * W[0] + B[0], mean * W[1] + B[1]};
    }

    byte[] bytes() {
        Proto graph = new Proto();
        String pixels = "image";
        if (inputType != FLOAT) {
            pixels = "cast";
            Proto toFloat = new Proto().string(1, "to").varint(3, FLOAT).varint(20, ATTRIBUTE_INT);
            graph.message(1, node("Cast", List.of("image"), pixels).message(5, toFloat));
        }
        if (divisor != 1) {
            graph.message(1, node("Div", List.of(pixels, "divisor"), "divided"))
                    .message(5, new Proto().varint(2, FLOAT).packedFloats(4, new float[] {divisor}).string(8, "divisor"));
            pixels = "divided";
        }
        graph.message(1, node("GlobalAveragePool", List.of(pixels), "pooled"))
                .message(1, node("Flatten", List.of("pooled"), "flat"))
                .message(1, node("MatMul", List.of("flat", "W"), "product"))
                .message(1, node("Add", List.of("product", "B"), "logits"))
                .string(2, "tiny")
                .message(5, new Proto().varint(1, 1).varint(1, 2).varint(2, FLOAT).packedFloats(4, W).string(8, "W"))
                .message(5, new Proto().varint(1, 2).varint(2, FLOAT).string(8, "B").bytes(9, littleEndian(B)))
                .message(11, valueInfo("image", inputType, inputDims));
        if (secondInput) {
            graph.message(11, valueInfo("extra", FLOAT, new Object[] {"batch", 1L}));
        }
        graph.message(12, valueInfo("logits", FLOAT, outputDims));
        return new Proto()
                .varint(1, 7)
                .string(2, "medrobust-test")
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 13))
                .toByteArray();
    }

    private static Proto node(String op, List<String> inputs, String output) {
        Proto node = new Proto();
        inputs.forEach(input -> node.string(1, input));
        return node.string(2, output).string(3, op + "_" + output).string(4, op);
    }

    private static Proto valueInfo(String name, int elementType, Object[] dims) {
        Proto shape = new Proto();
        for (Object dim : dims) {
            shape.message(1, dim instanceof Long value ? new Proto().varint(1, value) : new Proto().string(2, (String) dim));
        }
        Proto tensorType = new Proto().varint(1, elementType).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    /** A protobuf message being written. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Proto string(int field, String text) {
            return bytes(field, text.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.toByteArray());
        }

        Proto packedFloats(int field, float[] values) {
            return bytes(field, littleEndian(values));
        }

        Proto bytes(int field, byte[] bytes) {
            raw((long) field << 3 | 2);
            raw(bytes.length);
            out.writeBytes(bytes);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void raw(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) (value & 0x7f) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
