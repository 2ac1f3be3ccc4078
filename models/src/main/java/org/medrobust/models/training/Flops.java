package org.medrobust.models.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;

/**
 * Size and cost of an initialised network, as model cards report them.
 *
 * <p>Cost is the multiply-add count of one image's forward pass, counting only convolutions, fully connected layers
 * and attention; normalisation, activations, pooling and element-wise additions are left out (they are a few percent
 * of the total for these networks). Per layer, with the output's spatial size H'xW' and T tokens of width E:
 * <ul>
 *   <li>convolution: C_out x (C_in / groups) x k_h x k_w x H' x W' (the weight's size times the output positions);</li>
 *   <li>linear: units x inputs, times the positions it is applied to (e.g. T for a token-wise layer);</li>
 *   <li>self-attention (DJL's block): 4 T E^2 for the query, key, value and output projections plus 2 T^2 E for the
 *       scores and the weighted sum.</li>
 * </ul>
 * Blocks of other kinds count through {@link MultiplyAddCounted}, or as zero.
 */
public final class Flops {

    private Flops() {
    }

    /** Trainable parameters; batch norm's running statistics are state, not counted. */
    public static long parameterCount(Block net) {
        return net.getParameters().values().stream()
                .filter(p -> p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    /** Multiply-adds of one forward pass of an initialised {@code net} on one image of {@code (C, H, W)}. */
    public static long multiplyAdds(Block net, Shape imageShape) {
        Shape input = new Shape(1, imageShape.get(0), imageShape.get(1), imageShape.get(2));
        return count(net, new Shape[] {input});
    }

    private static long count(Block block, Shape[] inputs) {
        if (block instanceof MultiplyAddCounted counted) {
            return counted.multiplyAdds(inputs);
        }
        if (block instanceof SequentialBlock sequential) {
            long total = 0;
            Shape[] shapes = inputs;
            for (Block child : sequential.getChildren().values()) {
                total += count(child, shapes);
                shapes = child.getOutputShapes(shapes);
            }
            return total;
        }
        if (block instanceof ParallelBlock parallel) {
            long total = 0;
            for (Block child : parallel.getChildren().values()) {
                total += count(child, inputs);
            }
            return total;
        }
        if (block instanceof Convolution) {
            Shape output = block.getOutputShapes(inputs)[0];
            long positions = output.size() / (output.get(0) * output.get(1)); // spatial size of one output map
            return weightSize(block) * positions;
        }
        if (block instanceof Linear) {
            Shape weight = weight(block).getArray().getShape(); // (units, inputs)
            long applications = inputs[0].size() / inputs[0].get(0) / weight.get(1);
            return weight.size() * applications;
        }
        if (block instanceof ScaledDotProductAttentionBlock) {
            long tokens = inputs[0].get(1);
            long width = inputs[0].get(2);
            return 4 * tokens * width * width + 2 * tokens * tokens * width;
        }
        return 0;
    }

    private static long weightSize(Block block) {
        return weight(block).getArray().size();
    }

    private static Parameter weight(Block block) {
        return block.getParameters().values().stream().filter(p -> p.getType() == Parameter.Type.WEIGHT).findFirst()
                .orElseThrow(() -> new IllegalStateException(block + " has no weight"));
    }
}
