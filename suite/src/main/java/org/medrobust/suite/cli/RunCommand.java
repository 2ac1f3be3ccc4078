package org.medrobust.suite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.GateSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.run.CampaignEngine;
import org.medrobust.suite.run.TerminalProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code medrobust run}: a campaign from a config (or the built-in default), resumable into --out. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a robustness campaign and write report.json, index.html, environment.json and the"
                + " evidence dossier (dossier.html, dossier.pdf).",
                "Without options: the built-in default (built-in CNN on built-in phantom data, test split).",
                "Rerunning with the same config and --out resumes: finished batches are not recomputed."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Campaign config (YAML). Default: the preset.")
    Path config;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "default",
            description = "Built-in config when no --config: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = Presets.class)
    String preset;

    @Option(names = "--model", paramLabel = "FILE", description = "Evaluate this model instead of the config's "
            + "(repeatable; builtin:<id>, an .onnx file or a TorchScript .pt/.torchscript/.ts file).")
    List<String> models;

    @Option(names = "--input-shape", paramLabel = "CxHxW", description = "Image shape the model files take, e.g. "
            + "1x28x28 (overrides the config and the sidecar <model file>.medrobust.yaml).")
    String inputShape;

    @Option(names = "--value-range", paramLabel = "MIN,MAX", description = "Pixel values the model files expect, e.g. "
            + "0,255; medrobust's [0, 1] images are scaled to it (default 0,1; overrides config and sidecar).")
    String valueRange;

    @Option(names = "--classes", paramLabel = "NAMES", split = ",", description = "Class names of the model files, "
            + "comma-separated, e.g. normal,pneumonia (overrides config and sidecar).")
    List<String> classes;

    @Option(names = "--data", paramLabel = "DATA", description = "Evaluate on this data instead of the config's "
            + "(repeatable; builtin:phantom, a MedMNIST-style .npz, a manifest .csv or a folder with manifest.csv;"
            + " see docs/data.md).")
    List<String> data;

    @Option(names = "--split", paramLabel = "SPLIT", description = "Split for --data: train, val or test (default test).")
    String split;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N samples of --data.")
    Integer limit;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: "
            + "medrobust-results/<campaign name>-<first 12 hex digits of the SHA-256 of the config, the content of every "
            + "model and data file, and the software>, so that each distinct campaign gets its own directory and "
            + "rerunning one resumes it).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Campaign seed (overrides the config's).")
    Long seed;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = "Where the zoo and "
            + "TorchScript models run: cpu, gpu or auto (a GPU if DJL's PyTorch engine sees one); ONNX models always run"
            + " on the CPU (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = CampaignEngine.LOCAL, description = "Where the "
            + "(scenario, batch) units are computed: local (this JVM) or spark (needs the medrobust-spark jar; see "
            + "docs/spark.md). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "With --engine spark: the Spark master, e.g. "
            + "local[2] or spark://host:7077 (default: spark.master from the environment, else local[*]).")
    String master;

    @Override
    public Integer call() {
        CampaignConfig campaign = effectiveConfig();
        CampaignEngine chosen = CampaignEngine.named(engine);
        if (master != null && chosen == null) {
            throw new org.medrobust.datasets.InvalidInputException("--master needs --engine spark");
        }
        DjlDevices.use(device);
        PrintWriter stdout = spec.commandLine().getOut();
        try (Campaign.Prepared prepared = new Campaign(campaign, new DefaultInputLoader(), TerminalProgress.onStderr())
                .prepare()) {
            Path dir = out != null ? out : prepared.defaultOutDir();
            stdout.printf(Locale.ROOT, "medrobust: campaign '%s' (config %s, inputs and software %s) -> %s%n",
                    campaign.name(), prepared.identity().configSha256().substring(0, 12),
                    prepared.identity().sha256().substring(0, 12), dir);
            stdout.flush();
            CampaignReport report = prepared.run(dir, chosen,
                    master == null ? java.util.Map.of() : java.util.Map.of("master", master));
            printSummary(stdout, report, dir);
            return ExitCodes.forReport(report);
        }
    }

    private CampaignConfig effectiveConfig() {
        CampaignConfig campaign = config != null ? ConfigLoader.load(config) : ConfigLoader.preset(preset);
        if (data != null) {
            campaign = campaign.withData(data.stream().map(d -> new DataSpec(d, split, limit)).toList());
            // a gate restricted to a data set of the config judges the data given instead (as before 'data:' existed)
            campaign = campaign.withGates(campaign.gates().stream().map(GateSpec::onAnyData).toList());
        } else if (split != null || limit != null) {
            campaign = campaign.withData(campaign.data().stream()
                    .map(d -> d.withSplitAndLimit(split, limit))
                    .toList());
        }
        if (models != null) {
            campaign = campaign.withModels(models.stream().map(ModelSpec::of).toList());
        }
        if (inputShape != null || valueRange != null || classes != null) {
            campaign = campaign.withModels(campaign.models().stream()
                    .map(m -> m.withInput(inputShape, valueRange, classes)).toList());
        }
        if (seed != null) {
            campaign = campaign.withSeed(seed);
        }
        return campaign;
    }

    private static void printSummary(PrintWriter out, CampaignReport report, Path dir) {
        int width = report.scenarios().stream().mapToInt(s -> s.id().length()).max().orElse(10);
        String row = "%-" + width + "s  %-9s %s%n";
        out.println();
        out.printf(Locale.ROOT, row, "scenario", "status", "accuracy  [95% interval]  (correct/samples)");
        for (ScenarioResult s : report.scenarios()) {
            if (s.status() == ScenarioStatus.COMPLETED) {
                double[] ci = s.metrics().accuracyCi95();
                out.printf(Locale.ROOT, row, s.id(), "ok", String.format(Locale.ROOT, "%.4f  [%.4f, %.4f]  (%d/%d)",
                        s.metrics().accuracy(), ci[0], ci[1], s.metrics().correct(), s.metrics().samples()));
            } else {
                out.printf(Locale.ROOT, row, s.id(), s.status().name().toLowerCase(Locale.ROOT), s.reason());
            }
        }
        report.gates().forEach(g -> out.printf(Locale.ROOT, "gate %s on %s: %s (%s)%n", g.gate(), g.subject(),
                g.status().label(), g.detail()));
        out.println("results: " + dir.resolve(ResultWriter.REPORT_JSON) + ", " + dir.resolve(ResultWriter.INDEX_HTML)
                + ", " + dir.resolve(ResultWriter.DOSSIER_PDF));
        out.flush();
    }

    /** Preset names for --help. */
    static final class Presets implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ConfigLoader.PRESETS.iterator();
        }
    }
}
