package org.medrobust.models.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.models.djl.DjlRuntime;

/**
 * The encoder block's parts (its forward pass, cut for fault trials) against DJL's own blocks run whole: x +
 * attention(LN(x)), then h + MLP(LN(h)), with DJL's {@code ScaledDotProductAttentionBlock.forward} and
 * {@code PointwiseFeedForwardBlock.forward} as the oracle. Raw bits must match, for ordinary inputs and for inputs
 * holding a huge value, an infinity and a NaN (what a flipped exponent bit hands on).
 */
class PreNormEncoderBlockTest {

    @Test
    void thePartsAreDjlsAttentionAndFeedForwardBitForBit() {
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu())) {
            Shape shape = new Shape(3, 49, 96);
            PreNormEncoderBlock block = randomBlock(manager, new PreNormEncoderBlock(96, 4, 192), shape, 5);
            Map<String, Block> children = children(block);
            NDArray x = manager.randomNormal(0f, 1f, shape, DataType.FLOAT32);
            float[] spiked = x.toFloatArray();
            spiked[100] = 3.4e38f;
            spiked[49 * 96 + 7] = Float.POSITIVE_INFINITY;
            spiked[2 * 49 * 96 + 300] = Float.NaN;
            for (NDArray input : new NDArray[] {x, manager.create(spiked, shape)}) {
                DjlRuntime.withoutGradients(() -> {
                    ParameterStore store = new ParameterStore(manager, false);
                    NDArray expected = djlForward(children, store, input);
                    NDArray actual = block.forward(store, new NDList(input), false).singletonOrThrow();
                    assertThat(bits(actual.toFloatArray())).containsExactly(bits(expected.toFloatArray()));
                    return null;
                });
            }
            assertThat(block.parts()).extracting(p -> p.name()).containsExactly("attention_norm", "attention_key",
                    "attention_query", "attention_value", "attention_out", "mlp_hidden", "mlp_out");
        }
    }

    /**
     * The input gradient through the parts equals the one through DJL's blocks run whole, bit for bit, with a garbage
     * collection and a churn of small native buffers between forward and backward: a scalar that DJL wrapped in a
     * tensor over a Java buffer and closed while autograd still holds it is then freed and overwritten, and the
     * backward reads garbage (the attention scale once did this: {@code scores.muli(number)}; the default campaign's
     * ViT PGD then changed run to run, only where a collection fell between a forward and its backward).
     */
    @Test
    void thePartsGiveDjlsInputGradientWhenACollectionRunsBetweenForwardAndBackward() {
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu())) {
            Shape shape = new Shape(2, 9, 32);
            PreNormEncoderBlock block = randomBlock(manager, new PreNormEncoderBlock(32, 4, 64), shape, 7);
            Map<String, Block> children = children(block);
            float[] x = manager.randomNormal(0f, 1f, shape, DataType.FLOAT32).toFloatArray();
            for (int round = 0; round < 5; round++) {
                float[] expected = inputGradient(manager, x, shape,
                        (store, input) -> djlForward(children, store, input));
                float[] actual = inputGradient(manager, x, shape,
                        (store, input) -> block.forward(store, new NDList(input), false).singletonOrThrow());
                assertThat(bits(actual)).as("round %d", round).containsExactly(bits(expected));
            }
        }
    }

    /** The block initialised for {@code shape} with every parameter random (DJL's defaults leave biases and norms at
     * 0/1, so random values make every parameter count). */
    private static PreNormEncoderBlock randomBlock(NDManager manager, PreNormEncoderBlock block, Shape shape, int seed) {
        DjlRuntime.ensureOfflineEngine().setRandomSeed(seed);
        block.initialize(manager, DataType.FLOAT32, shape);
        block.getParameters().forEach(p -> {
            NDArray w = p.getValue().getArray();
            w.set(manager.randomNormal(0f, 0.2f, w.getShape(), DataType.FLOAT32).toFloatArray());
        });
        return block;
    }

    /** The block's children by name, without DJL's numeric prefix. */
    private static Map<String, Block> children(Block block) {
        Map<String, Block> children = new java.util.HashMap<>();
        block.getChildren().forEach(c -> children.put(c.getKey().replaceFirst("^\\d+", ""), c.getValue()));
        return children;
    }

    /** The oracle: x + attention(LN(x)), then h + MLP(LN(h)), through DJL's own blocks run whole. */
    private static NDArray djlForward(Map<String, Block> children, ParameterStore store, NDArray input) {
        NDArray h = input.add(children.get("attention").forward(store,
                children.get("attentionNorm").forward(store, new NDList(input), false), false).head());
        return h.add(children.get("mlp").forward(store,
                children.get("mlpNorm").forward(store, new NDList(h), false), false).head());
    }

    private static float[] inputGradient(NDManager manager, float[] x, Shape shape,
            java.util.function.BiFunction<ParameterStore, NDArray, NDArray> forward) {
        return DjlRuntime.withGradients(collector -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray input = scope.create(x, shape);
                input.setRequiresGradient(true);
                NDArray out = forward.apply(new ParameterStore(scope, false), input);
                overwriteFreedNativeMemory();
                collector.backward(out.mul(out).sum());
                return input.getGradient().toFloatArray();
            }
        });
    }

    /** Collects garbage (so the cleaner frees unreachable direct buffers), then reuses small native blocks with NaN. */
    private static void overwriteFreedNativeMemory() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            java.util.List<java.nio.ByteBuffer> churn = new java.util.ArrayList<>();
            for (int j = 0; j < 2000; j++) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4 + (j % 4) * 4);
                while (b.hasRemaining()) {
                    b.put((byte) 0x7f);
                }
                churn.add(b);
            }
        }
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
