package org.medrobust.models.mamba;

/** How the Mamba blocks of a model run their selective scan. Weights are the same in both modes. */
public enum ScanMode {
    /**
     * {@link org.medrobust.models.scan.djl.DjlSelectiveScan}: the scan in NDArray ops, differentiated by DJL's autograd.
     * For training and white-box input gradients; 15-30x slower than the CPU kernel and O(B*D*L*N) memory.
     */
    DIFFERENTIABLE,
    /**
     * The Vector-API CPU kernel through {@link org.medrobust.models.scan.djl.DjlScanBridge} (zero copy). Not seen by
     * autograd: a forward in training mode is refused.
     */
    FAST_INFERENCE
}
