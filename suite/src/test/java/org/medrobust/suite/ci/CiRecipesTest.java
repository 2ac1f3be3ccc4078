package org.medrobust.suite.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.suite.cli.MedrobustCli;
import picocli.CommandLine;

/**
 * The CI recipes of docs/gates.md (the same text as docs/ci/github-actions.yml and docs/ci/gitlab-ci.yml), parsed
 * as YAML with Jackson and their commands checked. Always: the files equal the documentation's code blocks, and
 * every {@code ./medrobust} command parses with medrobust's own picocli model (a renamed option fails here). With
 * {@code -Dmedrobust.ci-recipes=true} (a few minutes): each recipe's steps run
 * in a shell, as the runner would (GitHub: {@code bash -eo pipefail}, later steps only under {@code if: always()}
 * once one failed; GitLab: the script stops at the first failing line, after_script always runs), against a tiny
 * campaign in a temporary workspace, twice: a release whose gates pass (the job succeeds and leaves the results,
 * dossier and Allure HTML it uploads) and one whose gate fails (the job fails, at the steps the docs say). Not run:
 * the runners themselves (no GitHub or GitLab here), the {@code uses:} actions and the build step (the build under
 * test is the one already built; {@code ./medrobust} is a stub calling it).
 */
class CiRecipesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DOCS = Path.of("..", "docs");

    @TempDir
    Path tmp;

    /** One command a runner would execute, and whether it runs after an earlier failure. */
    record Step(String name, String script, boolean always) {
    }

    static List<Step> githubSteps(JsonNode recipe) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode job : recipe.path("jobs")) {
            for (JsonNode step : job.path("steps")) {
                if (step.has("run")) {
                    steps.add(new Step(step.path("name").asText(step.path("run").asText()), step.path("run").asText(),
                            step.path("if").asText("").contains("always()")));
                }
            }
        }
        return steps;
    }

    /** GitLab: script lines in order, then after_script lines (always run, their failure does not fail the job). */
    static List<Step> gitlabSteps(JsonNode job, String key, boolean always) {
        List<Step> steps = new ArrayList<>();
        job.path(key).forEach(line -> steps.add(new Step(key + ": " + line.asText(), line.asText(), always)));
        return steps;
    }

    private static JsonNode recipe(String file) throws IOException {
        return YAML.readTree(DOCS.resolve("ci").resolve(file).toFile());
    }

    private static List<String> allCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        githubSteps(recipe("github-actions.yml")).forEach(s -> commands.addAll(s.script().lines().toList()));
        JsonNode gitlab = recipe("gitlab-ci.yml").path("robustness");
        gitlabSteps(gitlab, "script", false).forEach(s -> commands.add(s.script()));
        gitlabSteps(gitlab, "after_script", true).forEach(s -> commands.add(s.script()));
        return commands;
    }

    @Test
    void theRecipeFilesAreTheDocumentedOnesAndEveryCommandParses() throws IOException {
        String docs = Files.readString(DOCS.resolve("gates.md"));
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(docs);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).contains(Files.readString(DOCS.resolve("ci/github-actions.yml")),
                Files.readString(DOCS.resolve("ci/gitlab-ci.yml")));

        JsonNode github = recipe("github-actions.yml");
        assertThat(github.path("on").path("push").path("tags").get(0).asText()).isEqualTo("model-*");
        assertThat(githubSteps(github)).extracting(Step::always).containsExactly(false, false, true, true);
        JsonNode gitlab = recipe("gitlab-ci.yml").path("robustness");
        assertThat(gitlab.path("artifacts").path("when").asText()).isEqualTo("always");

        List<String> medrobust = allCommands().stream().filter(c -> c.startsWith("./medrobust ")).toList();
        assertThat(medrobust).hasSizeGreaterThanOrEqualTo(8);
        for (String command : medrobust) {
            String[] args = words(command.substring("./medrobust ".length()));
            // throws a ParameterException naming the option when the CLI no longer has it
            CommandLine.ParseResult parsed = new CommandLine(new MedrobustCli()).parseArgs(args);
            assertThat(parsed.subcommand()).as(command).isNotNull();
        }
        assertThat(allCommands().stream().filter(c -> c.startsWith("mvn ")))
                .allSatisfy(c -> assertThat(c).contains("-Pallure", "-pl suite -am", "package"));
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<id>allure</id>");
    }

    /** Shell words of a recipe line without quotes; a trailing {@code || true} is the shell's, not medrobust's. */
    private static String[] words(String line) {
        return line.replace("|| true", "").strip().split("\\s+");
    }

    // ---- running them (-Dmedrobust.ci-recipes=true) ----

    private static final String PASSING = """
            name: release
            seed: 5
            batchSize: 16
            data: [{source: builtin:phantom, split: test, limit: 32}]
            models: [{source: builtin:phantom_cnn}]
            threats: [{id: gaussian_noise, severities: [1]}]
            gates:
              - {type: min_clean_accuracy, threshold: 0.5}
              - {type: max_drop_vs_previous, previous: releases/previous/report.json, threshold: 0.02}
            """;

    /** The same release with a gate it cannot meet: accuracy under noise of at least 0.999. */
    private static final String FAILING = PASSING.replace("  - {type: min_clean_accuracy, threshold: 0.5}\n",
            "  - {type: min_clean_accuracy, threshold: 0.5}\n  - {type: min_accuracy, threat: gaussian_noise, "
                    + "threshold: 0.999}\n");

    record Ran(String step, int exit) {
    }

    private Path workspace(String name, String campaign) throws IOException, InterruptedException {
        Path ws = Files.createDirectories(tmp.resolve(name));
        Files.writeString(ws.resolve("release-campaign.yaml"), campaign);
        Path stub = ws.resolve("medrobust");
        Files.writeString(stub, "#!/usr/bin/env bash\nexec " + String.join(" ", javaCommand()) + " \"$@\"\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        // the previous release: the passing campaign without the gate that needs one, run once for all workspaces
        Path previous = tmp.resolve("previous");
        if (!Files.exists(previous.resolve("out/report.json"))) {
            Files.createDirectories(previous);
            Files.writeString(previous.resolve("release-campaign.yaml"), PASSING.replace("  - {type: "
                    + "max_drop_vs_previous, previous: releases/previous/report.json, threshold: 0.02}\n", ""));
            assertThat(shell(ws, "./medrobust run --config " + previous.resolve("release-campaign.yaml") + " --out "
                    + previous.resolve("out"), "bash", "-eo", "pipefail", "-c")).isZero();
        }
        Files.createDirectories(ws.resolve("releases/previous"));
        Files.copy(previous.resolve("out/report.json"), ws.resolve("releases/previous/report.json"));
        return ws;
    }

    private static List<String> javaCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                "'" + System.getProperty("java.class.path") + "'", MedrobustCli.class.getName());
    }

    private int shell(Path ws, String script, String... shell) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(Arrays.asList(shell));
        command.add(script);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ws.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(ws.resolveSibling(ws.getFileName() + ".log")
                        .toFile()));
        ALLURE_HOME.get().ifPresent(home -> builder.environment().put("ALLURE_HOME", home.toString()));
        Process process = builder.start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(script).isTrue();
        return process.exitValue();
    }

    /** GitHub's semantics: a step without {@code if: always()} is skipped once one failed. */
    private List<Ran> runGithub(Path ws) throws IOException, InterruptedException {
        List<Ran> ran = new ArrayList<>();
        boolean failed = false;
        for (Step step : githubSteps(recipe("github-actions.yml"))) {
            if (step.script().startsWith("mvn ") || (failed && !step.always())) {
                continue;
            }
            int exit = shell(ws, step.script(), "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c");
            ran.add(new Ran(step.name(), exit));
            failed |= exit != 0;
        }
        return ran;
    }

    /** GitLab's semantics: script lines until one fails, then every after_script line. */
    private List<Ran> runGitlab(Path ws) throws IOException, InterruptedException {
        JsonNode job = recipe("gitlab-ci.yml").path("robustness");
        List<Ran> ran = new ArrayList<>();
        for (Step step : gitlabSteps(job, "script", false)) {
            if (step.script().startsWith("mvn ")) {
                continue;
            }
            int exit = shell(ws, step.script(), "bash", "-c");
            ran.add(new Ran(step.name(), exit));
            if (exit != 0) {
                break;
            }
        }
        for (Step step : gitlabSteps(job, "after_script", true)) {
            ran.add(new Ran(step.name(), shell(ws, step.script(), "bash", "-c")));
        }
        return ran;
    }

    @Test
    void bothRecipesPassAReleaseThatMeetsItsGatesAndFailOneThatDoesNot() throws Exception {
        assumeTrue(Boolean.getBoolean("medrobust.ci-recipes"), "runs with -Dmedrobust.ci-recipes=true (a few minutes)");
        assumeTrue(ALLURE_HOME.get().isPresent(), "no Allure commandline 2.34.0 in the local Maven repository to unpack");

        Path ok = workspace("github-pass", PASSING);
        assertThat(runGithub(ok)).extracting(Ran::exit).containsExactly(0, 0, 0);
        assertThat(ok.resolve("results/index.html")).exists();
        assertThat(ok.resolve("results/dossier.pdf")).exists();
        assertThat(ok.resolve("allure/allure-report/index.html")).exists();

        Path bad = workspace("github-fail", FAILING);
        // campaign exits 1 (a gate failed); the always() steps still run: gate 1, verify and render 0
        assertThat(runGithub(bad)).extracting(Ran::step, Ran::exit).containsExactly(
                org.assertj.core.groups.Tuple.tuple("campaign", 1),
                org.assertj.core.groups.Tuple.tuple("gates against the previous release", 1),
                org.assertj.core.groups.Tuple.tuple("verify and render", 0));
        assertThat(bad.resolve("allure/allure-report/index.html")).exists();

        Path gitlabOk = workspace("gitlab-pass", PASSING);
        assertThat(runGitlab(gitlabOk)).extracting(Ran::exit).containsExactly(0, 0, 0, 0);
        assertThat(gitlabOk.resolve("allure/allure-report/index.html")).exists();

        Path gitlabBad = workspace("gitlab-fail", FAILING);
        // the script stops at the campaign (exit 1: the job fails); after_script still renders the evidence
        assertThat(runGitlab(gitlabBad)).extracting(Ran::exit).containsExactly(1, 0);
        assertThat(gitlabBad.resolve("results/dossier.pdf")).exists();
        assertThat(gitlabBad.resolve("allure/allure-report/index.html")).exists();
    }

    private static final java.util.function.Supplier<java.util.Optional<Path>> ALLURE_HOME =
            new java.util.function.Supplier<>() {
                private java.util.Optional<Path> home;

                @Override
                public synchronized java.util.Optional<Path> get() {
                    if (home == null) {
                        home = allureHome();
                    }
                    return home;
                }
            };

    /**
     * The Allure commandline the recipes' build step unpacks ({@code -Pallure}): suite/target/allure-2.34.0 when a
     * build made it, else unpacked here from the local Maven repository (offline); empty when neither exists.
     */
    private static java.util.Optional<Path> allureHome() {
        Path built = Path.of("target", "allure-2.34.0");
        if (Files.isExecutable(built.resolve("bin/allure"))) {
            return java.util.Optional.of(built.toAbsolutePath());
        }
        Path zip = Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "qameta", "allure",
                "allure-commandline", "2.34.0", "allure-commandline-2.34.0.zip");
        if (!Files.isRegularFile(zip)) {
            return java.util.Optional.empty();
        }
        Path into = Path.of("target", "ci-recipes-allure");
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    continue;
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path bin = into.resolve("allure-2.34.0/bin/allure");
            bin.toFile().setExecutable(true);
            return java.util.Optional.of(into.resolve("allure-2.34.0").toAbsolutePath());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
