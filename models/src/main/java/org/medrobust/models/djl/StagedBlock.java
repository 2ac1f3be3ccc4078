package org.medrobust.models.djl;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * A block whose forward pass is its {@link #parts()} run one after the other, each taking the previous part's output
 * (the first the block's input, the last giving the block's output). The block's own forward runs them through
 * {@link #runParts}, so the parts are its forward pass by construction. {@link SuffixForward} cuts a network at the
 * parts' boundaries: a weight fault inside the block re-runs the block from the part that reads the weight, not from
 * the block's start.
 */
public interface StagedBlock {

    /** The forward pass in order; together the parts read every parameter of the block. */
    List<Part> parts();

    /** One part: what it computes, and the parameters it reads (a fault in them re-runs from this part). */
    record Part(String name, List<Parameter> parameters, Forward forward) {

        public Part {
            parameters = List.copyOf(parameters);
        }

        /** A part that reads the parameters of {@code blocks}. */
        public static Part of(String name, List<Block> blocks, Forward forward) {
            return of(name, blocks, List.of(), forward);
        }

        /** A part that reads the parameters of {@code blocks} and the block's own {@code parameters}. */
        public static Part of(String name, List<Block> blocks, List<Parameter> parameters, Forward forward) {
            List<Parameter> all = new ArrayList<>(parameters);
            for (Block block : blocks) {
                block.getParameters().values().forEach(all::add);
            }
            return new Part(name, all, forward);
        }
    }

    /** A part's computation: the arrays it receives to the arrays it hands on. */
    @FunctionalInterface
    interface Forward {
        NDList apply(ParameterStore store, NDList inputs, boolean training);
    }

    /** The block's forward pass: its parts in order. */
    static NDList runParts(List<Part> parts, ParameterStore store, NDList inputs, boolean training) {
        NDList current = inputs;
        for (Part part : parts) {
            current = part.forward().apply(store, current, training);
        }
        return current;
    }

    /** Parameters of {@code block} that no part lists (a part list that misses one is a bug: the fault would restart late). */
    static List<String> unassigned(Block block, List<Part> parts) {
        java.util.Set<String> listed = new java.util.HashSet<>();
        parts.forEach(part -> part.parameters().forEach(p -> listed.add(p.getId())));
        List<String> missing = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!listed.contains(p.getValue().getId())) {
                missing.add(p.getKey());
            }
        }
        return missing;
    }
}
