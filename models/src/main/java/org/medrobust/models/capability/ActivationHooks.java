package org.medrobust.models.capability;

import java.util.List;

/** The model lets a hook see and change intermediate activations: activation fault models need this. */
public interface ActivationHooks extends Capability {

    /** Names of the layers whose outputs can be hooked, in forward order. */
    List<String> layers();

    /**
     * Names of hookable values inside the layers' blocks (e.g. a ViT block's attention and MLP outputs, a Mamba
     * block's in_proj and scan outputs), in forward order; {@link #hook} takes them like layers. None by default.
     */
    default List<String> pointsInsideBlocks() {
        return List.of();
    }

    /** Installs a hook on a layer's (or a point's) output, replacing any earlier one on that layer. */
    void hook(String layer, ActivationHook hook);

    void clearHooks();

    @FunctionalInterface
    interface ActivationHook {
        /** May change {@code values} (the layer output, row-major with the given shape) in place. */
        void onActivation(String layer, float[] values, long[] shape);
    }
}
