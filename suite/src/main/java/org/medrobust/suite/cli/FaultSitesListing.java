package org.medrobust.suite.cli;

import java.io.PrintWriter;
import java.util.List;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.ActivationHooks;
import org.medrobust.models.capability.ScanFaults;
import org.medrobust.models.capability.ScanFaults.ScanSite;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * {@code medrobust list --sites MODEL}: where a built-in model takes activation and scan faults, numbered as the
 * severities of the per-layer, inside-block and scan fault models pick them (docs/faults.md).
 */
final class FaultSitesListing {

    private FaultSitesListing() {
    }

    static int print(String id, PrintWriter out) {
        if (!BuiltinModels.ids().contains(id)) {
            throw new InvalidInputException("--sites " + id + ": no such built-in model; known are "
                    + BuiltinModels.ids());
        }
        try (Classifier model = BuiltinModels.load(id)) {
            out.println("Fault sites of " + id + " (the number is the fault model's severity):");
            var hooks = model.capability(ActivationHooks.class);
            numbered(out, "hookable layers (activation_msb_per_layer)", hooks.map(ActivationHooks::layers)
                    .orElse(List.of()));
            numbered(out, "points inside blocks (block_activation_msb)", hooks
                    .map(ActivationHooks::pointsInsideBlocks).orElse(List.of()));
            List<ScanSite> scans = model.capability(ScanFaults.class).map(ScanFaults::scans).orElse(List.of());
            numbered(out, "selective scans (scan_state_msb, scan_output_msb)", scans.stream()
                    .map(s -> s.name() + "  (" + s.shape().dim() + " channels, " + s.shape().dstate() + " states, "
                            + s.shape().length() + " steps)").toList());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void numbered(PrintWriter out, String title, List<String> names) {
        out.println("  " + title + ": " + (names.isEmpty() ? "none" : names.size()));
        for (int i = 0; i < names.size(); i++) {
            out.println("    " + (i + 1) + "  " + names.get(i));
        }
    }
}
