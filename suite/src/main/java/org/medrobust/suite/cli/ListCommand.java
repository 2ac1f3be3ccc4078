package org.medrobust.suite.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medrobust.attacks.fault.FaultCatalog;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.models.zoo.BuiltinModels;
import org.medrobust.perturbations.medical.Modality;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.gate.Gates;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.plan.FaultTrial;
import org.medrobust.suite.plan.ThreatCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code medrobust list}: what a campaign can name — models, data sets, threats with parameters, gates, presets. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List built-in models and data sets, threats with their parameters per severity, gate types"
                + " and presets.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--sites", paramLabel = "MODEL",
            description = "Instead: the fault sites of a built-in model (its hookable layers, the points inside its"
                    + " blocks and its selective scans, numbered as the severities of activation_msb_per_layer,"
                    + " block_activation_msb and scan_state_msb / scan_output_msb).")
    String sitesOf;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (sitesOf != null) {
            return FaultSitesListing.print(sitesOf, out);
        }
        out.println("Models (use as builtin:<id>, or pass your own .onnx file):");
        for (String id : BuiltinModels.ids()) {
            out.println("  " + id + "  " + BuiltinModels.describe(id));
        }
        out.println("Data sets (use as builtin:<name>, or pass a MedMNIST-style .npz, a manifest .csv or a DICOM file):");
        DefaultInputLoader.BUILTIN_DATA.forEach(name -> out.println("  " + name));
        out.println("Threats (id, family, parameters per severity; faults run " + FaultCatalog.DEFAULT_TRIALS
                + " seeded trials per severity unless 'trials:' says otherwise):");
        for (String id : ThreatCatalog.ids()) {
            List<Threat> threats = ThreatCatalog.resolve(new ThreatSpec(id, null, null,
                    FaultCatalog.contains(id) ? 1 : null, null)); // one trial per fault level
            out.println("  " + id + "  (" + threats.getFirst().family().name().toLowerCase(Locale.ROOT) + ")");
            threats.forEach(t -> out.println("    severity " + t.severity() + ": "
                    + (t instanceof FaultTrial f ? f.fault().parameters() : t.parameters())));
        }
        out.println("Modality presets (MedMNIST-C parameter sets, MRI acquisition physics; use their ids as threats):");
        for (Modality m : Modality.values()) {
            out.println("  " + m.name().toLowerCase(Locale.ROOT) + " (" + m.description() + "): "
                    + (m.preset().isEmpty() ? "none" : String.join(", ", m.preset())));
        }
        out.println("Gates: " + String.join(", ", Gates.TYPES));
        out.println("Presets: " + String.join(", ", ConfigLoader.PRESETS));
        out.flush();
        return ExitCodes.OK;
    }
}
