package org.medrobust.models.djl;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network's nested {@link SequentialBlock}s flattened into the blocks they run one after the other, named by their
 * child path ("02SequentialBlock/03ParallelBlock"). A sequential block's forward is exactly its children's forwards in
 * order, so running the stages in turn is the network's forward pass; a block that is not sequential is one stage.
 */
final class Stages {

    private Stages() {
    }

    static Map<String, Block> of(Block network) {
        Map<String, Block> stages = new LinkedHashMap<>();
        flatten("", network, stages);
        if (stages.size() == 1) {
            Block only = stages.values().iterator().next();
            stages.clear();
            stages.put("output", only); // not sequential: its output is the logits
        }
        return stages;
    }

    private static void flatten(String path, Block block, Map<String, Block> into) {
        if (block instanceof SequentialBlock sequential) {
            sequential.getChildren().forEach(child -> flatten(path.isEmpty() ? child.getKey()
                    : path + "/" + child.getKey(), child.getValue(), into));
        } else {
            into.put(path.isEmpty() ? "output" : path, block);
        }
    }
}
