package org.medrobust.suite.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.allure.AllureResults;
import org.medrobust.reports.csv.CsvExport;
import org.medrobust.reports.efficiency.EfficiencyReport;
import org.medrobust.reports.html.ReportContext;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.suite.bench.BenchWriter;
import org.medrobust.suite.bench.ModelLatency;
import org.medrobust.suite.bench.ResolutionProfile;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.report.EfficiencyFile;
import org.medrobust.suite.report.ModelFactsReader;
import org.medrobust.suite.report.ReportContextFile;
import org.medrobust.suite.report.ReportFiles;
import org.medrobust.suite.report.ResultWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code medrobust report DIR}: re-renders a finished campaign's views (index.html, scenarios.csv, outcomes.csv,
 * dossier.html, dossier.pdf) from its report.json, report-context.json and environment.json, without the models, the
 * data or a re-run: after a medrobust upgrade, or for a regulator checking the evidence. The same files give the run's
 * own bytes. With {@code --allure OUT}, also the campaign as Allure results (OUT/allure-results) and, where the Allure
 * commandline is at hand, its HTML report (OUT/allure-report), generated offline. The commandline is
 * io.qameta.allure:allure-commandline from Maven Central, unpacked next to medrobust.jar by
 * {@code mvn -Pallure -pl suite -am package}; {@code --allure-home} or ALLURE_HOME point to another.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Re-render a finished campaign's index.html, CSVs and evidence dossier (HTML and PDF) from its",
                "report.json without re-running anything (docs/reports.md); optionally export Allure results and",
                "render the Allure HTML offline (docs/gates.md#allure)."})
final class ReportCommand implements Callable<Integer> {

    static final String ALLURE_VERSION = "2.34.0";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A results directory (holding report.json).")
    Path dir;

    @Option(names = "--out", paramLabel = "OUT",
            description = "Where to write index.html, the CSVs and the dossier (default: DIR itself).")
    Path out;

    @Option(names = "--measure-efficiency", description = {"First time the campaign's own models on this machine "
            + "(latency at batch 1 and at the campaign's batch size, throughput, working set), each in a child JVM of "
            + "its own, into DIR/efficiency.json, which index.html then shows. Loads the models named in report.json's "
            + "config (run from the directory the campaign ran in) and refuses any whose content changed."})
    boolean measureEfficiency;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "7",
            description = "Timed calls per batch size for --measure-efficiency (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--resolutions", paramLabel = "LIST", split = ",",
            description = {"With --measure-efficiency: also profile the families of the campaign's built-in models "
                    + "against these square image sides (e.g. 28,64,224), each (family, side) in a child JVM as "
                    + "'bench models' does, into DIR/bench.json; index.html then charts latency and memory against "
                    + "resolution (a bench.json copied from 'bench models --out' shows the same way)."})
    List<Integer> resolutions;

    @Option(names = "--allure", paramLabel = "OUT",
            description = "Also write OUT/allure-results and render OUT/allure-report.")
    Path allure;

    @Option(names = "--allure-home", paramLabel = "DIR",
            description = "An unpacked Allure commandline (default: ALLURE_HOME, then the one next to medrobust.jar).")
    Path allureHome;

    @Option(names = "--no-render", description = "Write the Allure results only, do not render them to HTML.")
    boolean noRender;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path reportJson = dir.resolve(ResultWriter.REPORT_JSON);
        CampaignReport report = ReportFiles.report(reportJson);
        PrintWriter stdout = spec.commandLine().getOut();
        if (resolutions != null && !measureEfficiency) {
            throw new InvalidInputException("--resolutions needs --measure-efficiency (it is a measurement too)");
        }
        List<Integer> sides = resolutions == null ? null : BenchModelsCommand.checkedResolutions(resolutions);
        if (measureEfficiency) {
            EfficiencyFile.write(dir, measure(report, reportJson));
            stdout.println("medrobust report: timed " + report.models().size() + " models into "
                    + dir.resolve(EfficiencyFile.NAME));
            if (sides != null) {
                BenchWriter.writeJson(ResolutionProfile.measure(report, sides, repeats,
                        ConfigLoader.fromReport(report.config(), reportJson.toString()).batchSize(),
                        spec.commandLine().getErr()), dir.resolve(EfficiencyFile.BENCH));
                stdout.println("medrobust report: profiled against resolutions " + sides + " into "
                        + dir.resolve(EfficiencyFile.BENCH));
            }
        }
        ReportContext context = context(report, stdout);
        Path target = out == null ? dir : out;
        Files.createDirectories(target);
        Map<String, Object> runEnvironment = ReportFiles.environment(dir.resolve(ResultWriter.ENVIRONMENT_JSON));
        ResultWriter.render(target, reportJson, runEnvironment, context);
        stdout.println("medrobust report: index.html, " + CsvExport.SCENARIOS_CSV + ", " + CsvExport.OUTCOMES_CSV + ", "
                + ResultWriter.DOSSIER_HTML + " and " + ResultWriter.DOSSIER_PDF + " in " + target + ", from "
                + reportJson);
        stdout.flush();
        return allure == null ? ExitCodes.OK : allure(report, context, runEnvironment, stdout);
    }

    /** Times the report's own models, each in a child JVM (which refuses a model whose content changed). */
    private EfficiencyReport measure(CampaignReport report, Path reportJson) {
        if (repeats < 1) {
            throw new InvalidInputException("--repeats must be at least 1, got " + repeats);
        }
        CampaignConfig config = ConfigLoader.fromReport(report.config(), reportJson.toString());
        return ModelLatency.measure(reportJson, report, config.batchSize(), repeats);
    }

    /** The stored facts and gallery; for a directory written before report-context.json, the cards without a gallery. */
    private ReportContext context(CampaignReport report, PrintWriter stdout) {
        ReportContext context = ReportContextFile.read(dir).orElseGet(() -> {
            stdout.println("medrobust report: " + dir.resolve(ReportContextFile.NAME) + " not found (results written"
                    + " before it existed): model facts from the built-in cards, no gallery");
            return new ReportContext(ModelFactsReader.of(report.models()), List.of());
        });
        return context.withEfficiency(EfficiencyFile.read(dir).orElse(null))
                .withBench(EfficiencyFile.bench(dir).orElse(null));
    }

    private int allure(CampaignReport report, ReportContext context, Map<String, Object> runEnvironment,
            PrintWriter out)
            throws IOException, InterruptedException {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, String> environment = new LinkedHashMap<>();
        readEnvironment(runEnvironment, seconds, environment);
        Path results = allure.resolve("allure-results");
        int tests = AllureResults.write(results, report, seconds, environment, context);
        out.println("medrobust report: " + tests + " Allure tests in " + results);
        out.flush();
        if (noRender) {
            return ExitCodes.OK;
        }
        Optional<Path> launcher = launcher();
        if (launcher.isEmpty()) {
            throw new InvalidInputException("no Allure commandline found to render " + results + ": build it with "
                    + "'mvn -Pallure -pl suite -am package' (unpacks io.qameta.allure:allure-commandline:"
                    + ALLURE_VERSION + " from Maven Central next to medrobust.jar), pass --allure-home or set "
                    + "ALLURE_HOME; or use --no-render");
        }
        Path html = allure.resolve("allure-report");
        Process process = new ProcessBuilder(launcher.get().toString(), "generate", results.toString(), "-o",
                html.toString(), "--clean").redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int code = process.waitFor();
        if (code != 0) {
            throw new InvalidInputException(launcher.get() + " generate failed (exit " + code + "): "
                    + log.lines().reduce((a, b) -> b).orElse(""));
        }
        out.println("medrobust report: Allure HTML in " + html.resolve("index.html"));
        out.flush();
        return ExitCodes.OK;
    }

    private Optional<Path> launcher() {
        String env = System.getenv("ALLURE_HOME");
        Path besideJar = jarDirectory().map(d -> d.resolve("allure-" + ALLURE_VERSION)).orElse(null);
        for (Path home : new Path[] {allureHome, env == null ? null : Path.of(env), besideJar}) {
            if (home != null && Files.isExecutable(home.resolve("bin").resolve("allure"))) {
                return Optional.of(home.resolve("bin").resolve("allure"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> jarDirectory() {
        try {
            Path location = Path.of(ReportCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Optional.ofNullable(location.getParent());
        } catch (java.net.URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The Allure tests' durations and environment entries, from environment.json as read for the views. */
    private void readEnvironment(Map<String, Object> runEnvironment, Map<String, Double> seconds,
            Map<String, String> environment) {
        JsonNode env = ResultJson.compact().valueToTree(runEnvironment);
        try {
            if (env.has("scenarioSeconds")) {
                seconds.putAll(ResultJson.compact().convertValue(env.get("scenarioSeconds"),
                        new TypeReference<Map<String, Double>>() { }));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(dir.resolve(ResultWriter.ENVIRONMENT_JSON)
                    + ": scenarioSeconds is not a map of numbers");
        }
        for (String key : List.of("medrobustVersion", "software", "java", "os", "processors", "started", "finished")) {
            if (env.has(key)) {
                environment.put(key, env.get(key).asText());
            }
        }
    }
}
