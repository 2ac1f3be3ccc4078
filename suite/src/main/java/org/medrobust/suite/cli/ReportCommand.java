package org.medrobust.suite.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.allure.AllureResults;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.suite.report.ReportFiles;
import org.medrobust.suite.report.ResultWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code medrobust report DIR --allure OUT}: a finished campaign as Allure results (OUT/allure-results) and, where the
 * Allure commandline is at hand, its HTML report (OUT/allure-report), generated offline. The commandline is
 * io.qameta.allure:allure-commandline from Maven Central, unpacked next to medrobust.jar by
 * {@code mvn -Pallure -pl suite -am package}; {@code --allure-home} or ALLURE_HOME point to another.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Export a finished campaign: Allure results (one test per scenario and per gate) and the Allure",
                "HTML report, rendered offline by the Allure commandline (docs/gates.md#allure)."})
final class ReportCommand implements Callable<Integer> {

    static final String ALLURE_VERSION = "2.34.0";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A results directory (holding report.json).")
    Path dir;

    @Option(names = "--allure", required = true, paramLabel = "OUT",
            description = "Write OUT/allure-results and render OUT/allure-report.")
    Path allure;

    @Option(names = "--allure-home", paramLabel = "DIR",
            description = "An unpacked Allure commandline (default: ALLURE_HOME, then the one next to medrobust.jar).")
    Path allureHome;

    @Option(names = "--no-render", description = "Write the Allure results only.")
    boolean noRender;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CampaignReport report = ReportFiles.report(dir.resolve(ResultWriter.REPORT_JSON));
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, String> environment = new LinkedHashMap<>();
        readEnvironment(dir.resolve(ResultWriter.ENVIRONMENT_JSON), seconds, environment);
        Path results = allure.resolve("allure-results");
        int tests = AllureResults.write(results, report, seconds, environment);
        PrintWriter out = spec.commandLine().getOut();
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

    private static void readEnvironment(Path file, Map<String, Double> seconds, Map<String, String> environment) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode env = ResultJson.compact().readTree(Files.readString(file));
            seconds.putAll(ResultJson.compact().convertValue(env.path("scenarioSeconds"),
                    new TypeReference<Map<String, Double>>() { }));
            for (String key : List.of("medrobustVersion", "software", "java", "os", "processors", "started",
                    "finished")) {
                if (env.has(key)) {
                    environment.put(key, env.get(key).asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file + ": scenarioSeconds is not a map of numbers");
        }
    }
}
