package org.medrobust.models.capability;

import java.util.List;

/** The model lets a hook see and change intermediate activations: activation fault models need this. */
public interface ActivationHooks extends Capability {

    /** Names of the layers whose outputs can be hooked, in forward order. */
    List<String> layers();

    /** Installs a hook on a layer's output, replacing any earlier one on that layer. */
    void hook(String layer, ActivationHook hook);

    void clearHooks();

    @FunctionalInterface
    interface ActivationHook {
        /** May change {@code values} (the layer output, row-major with the given shape) in place. */
        void onActivation(String layer, float[] values, long[] shape);
    }
}
