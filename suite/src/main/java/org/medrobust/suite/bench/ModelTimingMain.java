package org.medrobust.suite.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.reports.bench.MemoryUse;
import org.medrobust.reports.efficiency.EfficiencyReport;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;
import org.medrobust.suite.report.ReportFiles;

/**
 * Entry point of the child JVM that times one campaign model for {@link ModelLatency}: arguments report.json, the
 * model's index in it, batch, repeats. Loads the campaign's data (a TorchScript model takes its image shape from it),
 * resets the resident-set peak, loads the model, refuses it when its content SHA-256 is not the one report.json
 * recorded (timing it would describe another model), times it and prints one {@link #PREFIX} line.
 */
public final class ModelTimingMain {

    static final String PREFIX = "MEDROBUST-MODEL-TIMING ";

    /** What the child reports: the timing and where DJL ran it. */
    record Outcome(EfficiencyReport.ModelTiming timing, String device) {
    }

    private ModelTimingMain() {
    }

    static List<String> args(Path reportJson, int modelIndex, int batch, int repeats) {
        return List.of(reportJson.toAbsolutePath().toString(), Integer.toString(modelIndex), Integer.toString(batch),
                Integer.toString(repeats));
    }

    public static void main(String[] args) {
        CellMain.runChild(() -> CellMain.emit(PREFIX, measure(Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[3]))));
    }

    private static Outcome measure(Path reportJson, int index, int batch, int repeats) {
        CampaignReport report = ReportFiles.report(reportJson);
        CampaignConfig config = ConfigLoader.fromReport(report.config(), reportJson.toString());
        InputIdentity expected = report.models().get(index);
        DefaultInputLoader loader = new DefaultInputLoader();
        List<LoadedData> data = new ArrayList<>();
        for (DataSpec spec : config.data()) {
            data.add(loader.loadData(spec));
        }
        System.gc();
        boolean peakReset = MemoryProbe.resetSelfPeak();
        double baseline = MemoryProbe.selfRssMb().orElse(-1);
        LoadedModel model = loader.loadModel(config.models().get(index), data);
        try {
            if (!model.id().equals(expected.id()) || !model.identity().sha256().equals(expected.sha256())) {
                throw new InvalidInputException(reportJson + ": model " + expected.id() + " (" + expected.source()
                        + ") changed since the campaign ran (content SHA-256 now "
                        + model.identity().sha256().substring(0, 12) + "..., then " + expected.sha256().substring(0, 12)
                        + "...): timing it would describe another model");
            }
            double[] ms = ModelLatency.time(model, batch, repeats);
            double peak = MemoryProbe.selfPeakRssMb().orElse(-1);
            MemoryUse memory = peakReset && baseline >= 0 && peak >= 0 ? new MemoryUse(baseline, peak, peak - baseline)
                    : null;
            return new Outcome(new EfficiencyReport.ModelTiming(model.id(), expected.sha256(),
                    model.classifier().inputShape().toString(), ms[0], batch, ms[1], 1000 / ms[1], memory),
                    DjlDevices.description());
        } finally {
            model.classifier().close();
        }
    }
}
