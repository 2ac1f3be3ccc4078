package org.medrobust.models.mamba;

/** How the Mamba blocks of a model run their selective scan. Weights are the same in every mode. */
public enum ScanMode {
    /**
     * {@link org.medrobust.models.scan.djl.DjlSelectiveScan}: the scan in NDArray ops, differentiated by DJL's autograd.
     * The oracle for the others' gradients; 15-30x slower than the CPU kernel and O(B*D*L*N) memory.
     */
    DIFFERENTIABLE,
    /**
     * The Vector-API CPU kernel through {@link org.medrobust.models.scan.djl.DjlScanBridge} (zero copy). Not seen by
     * autograd: a forward in training mode is refused.
     */
    FAST_INFERENCE,
    /**
     * The CPU kernel, differentiable through a {@link org.medrobust.models.scan.djl.ScanTape} recording on the thread
     * (the kernel's own backward closes the cut in the graph): for training and input gradients at the kernel's speed.
     * Without a tape it runs as {@link #FAST_INFERENCE}; a training forward without one is refused.
     */
    TAPED
}
