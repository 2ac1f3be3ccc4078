package org.medrobust.models.capability;

import java.util.List;
import org.medrobust.models.scan.ScanFault;
import org.medrobust.models.scan.ScanShape;

/**
 * The model runs selective scans (the Mamba models) and lets a fault be injected inside one of them: a transient
 * bit flip in the scan's hidden state or readout ({@link ScanFault}), in every forward pass while injected.
 */
public interface ScanFaults extends Capability {

    /** One scan of the forward pass: its full name (block path, then "scan" or "scan_b") and its shape for one image. */
    record ScanSite(String name, ScanShape shape) {
    }

    /** The scans of one forward pass, in forward order; empty for a network without a selective scan. */
    List<ScanSite> scans();

    /** Why scan faults cannot be injected into this model as loaded (its scans run on a GPU), or empty. */
    default java.util.Optional<String> scanFaultsUnavailable() {
        return java.util.Optional.empty();
    }

    /** Injects {@code fault} into the scan called {@code scan}, replacing any earlier one there. */
    void injectScanFault(String scan, ScanFault fault);

    void clearScanFaults();
}
