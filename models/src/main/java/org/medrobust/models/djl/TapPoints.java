package org.medrobust.models.djl;

import java.util.List;

/**
 * A block with named places inside its forward pass where {@link Taps} lets a hook see and change an intermediate
 * value (activation faults inside blocks) and, for Mamba blocks, the selective scans it runs (scan faults). Names are
 * local ("in_proj", "scan"); the model prefixes the block's child path.
 */
public interface TapPoints {

    /** Hookable intermediate values, in forward order. */
    List<String> tapPoints();

    /** The selective scans the block runs, in forward order (none for blocks without a scan). */
    default List<String> scanPoints() {
        return List.of();
    }
}
