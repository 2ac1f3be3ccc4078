package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medrobust.suite.fixtures.SharedFiles.shared;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.run.ProgressListener;

/**
 * The bad-input corpus (src/test/resources/bad-input, made by make_corpus.py beside it) fed to {@code medrobust
 * run}: each case asserts the exit code, the one line that names the file and the problem, and that nothing already
 * written was lost or changed.
 */
class BadInputCorpusTest {

    @TempDir
    Path tmp;

    private static Path corpus(String name) {
        try {
            return Path.of(BadInputCorpusTest.class.getResource("/bad-input/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CliTest.Result assertOneLine(CliTest.Result result, int code, String... fragments) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(code);
        String err = result.err().strip();
        assertThat(err).doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Traceback")
                .startsWith("medrobust: ").contains(fragments);
        assertThat(err.length()).as("one short line: " + err).isLessThan(600);
        return result;
    }

    private String out(String name) {
        return tmp.resolve(name).toString();
    }

    @Test
    void aModelThatCannotTakeTheDataStopsBeforeAnythingRuns() {
        Path out = tmp.resolve("never");
        // ONNX wanting 3x64x64 images on 1x28x28 data
        assertOneLine(CliTest.cli("run", "--model", corpus("wants_3x64x64.onnx").toString(), "--data",
                corpus("gray2.npz").toString(), "--out", out.toString()), ExitCodes.BAD_INPUT, "wants_3x64x64.onnx",
                "3x64x64");
        // RGB 5-class data on the gray 2-class CNN, both formats, same rule, no interpreter traceback
        for (String model : List.of("pneumonia_cnn.onnx", "pneumonia_cnn.torchscript.pt")) {
            assertOneLine(CliTest.cli("run", "--model", shared("models/external/" + model).toString(), "--data",
                    corpus("rgb5.npz").toString(), "--out", out.toString()), ExitCodes.BAD_INPUT, model);
        }
        assertThat(out).as("a failed start leaves no directory behind").doesNotExist();
    }

    @Test
    void aModelThatFitsSomeDataIsSkippedOnTheRestWithTheReason() throws IOException {
        Path config = Files.writeString(tmp.resolve("two-sets.yaml"), """
                seed: 1
                data: [{source: "builtin:phantom", limit: 10}, {source: "%s"}]
                models: [{source: "%s"}]
                threats: []
                """.formatted(corpus("rgb5.npz"), shared("models/external/pneumonia_cnn.onnx")));
        CliTest.Result result = CliTest.cli("run", "--config", config.toString(), "--out", out("two"));
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("pneumonia_cnn@phantom/test:clean", "ok")
                .contains("pneumonia_cnn@rgb5/test:clean", "skipped", "takes 1x28x28 images, rgb5/test has 3x28x28");
    }

    @Test
    void aLabelOutsideTheModelsClassesIsNamedWithItsIndex() {
        assertOneLine(CliTest.cli("run", "--model", shared("models/external/pneumonia_cnn.onnx").toString(), "--data",
                corpus("label7.npz").toString(), "--out", out("labels")), ExitCodes.BAD_INPUT, "label7.npz",
                "label 7 at index 3", "2 classes");
    }

    @Test
    void nanLogitsFailTheScenarioAndLeaveTheGateWithoutVerdict() throws IOException {
        Path config = Files.writeString(tmp.resolve("nan.yaml"), """
                seed: 1
                data: [{source: "%s"}]
                models: [{source: "%s"}]
                threats: [{id: gaussian_noise, severities: [1]}]
                gates: [{type: min_clean_accuracy, threshold: 0.5}]
                """.formatted(corpus("gray2.npz"), corpus("nan_logits.onnx")));
        CliTest.Result result = CliTest.cli("run", "--config", config.toString(), "--out", out("nan"));
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.SCENARIOS_FAILED);
        assertThat(result.out()).contains("non-finite logits", "not evaluated").doesNotContain("FAIL");
        assertThat(Files.readString(tmp.resolve("nan/report.json"))).contains("\"NOT_EVALUATED\"");
    }

    @Test
    void brokenDataFilesAreRefusedInOneLine() {
        assertOneLine(CliTest.cli("run", "--data", corpus("truncated.npz").toString(), "--out", out("t")),
                ExitCodes.BAD_INPUT, "truncated.npz");
        assertOneLine(CliTest.cli("run", "--data", corpus("pickled.npz").toString(), "--out", out("p")),
                ExitCodes.BAD_INPUT, "pickled.npz");
        assertOneLine(CliTest.cli("run", "--data", corpus("huge_header.npz").toString(), "--out", out("h")),
                ExitCodes.BAD_INPUT, "huge_header.npz");
    }

    @Test
    void configTyposAndBadValuesAreRefusedInOneLine() {
        assertOneLine(CliTest.cli("run", "--config", corpus("typo.yaml").toString(), "--out", out("c")),
                ExitCodes.BAD_INPUT, "typo.yaml", "unknown setting 'modles'", "line 2");
        assertOneLine(CliTest.cli("run", "--config", corpus("bad_value.yaml").toString(), "--out", out("c")),
                ExitCodes.BAD_INPUT, "bad_value.yaml", "batchSize");
    }

    @Test
    void aForeignOutputDirectoryIsRefusedAndLeftUntouched() throws IOException {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("index.html"), "<h1>someone else's report</h1>");
        Files.writeString(foreign.resolve("report.json"), "{\"mine\": true}");
        Map<String, String> before = hashes(foreign);
        assertOneLine(CliTest.cli("run", "--limit", "10", "--model", "builtin:phantom_cnn", "--out", foreign.toString()),
                ExitCodes.BAD_INPUT, "foreign", "not empty", "no medrobust journal");
        assertThat(hashes(foreign)).isEqualTo(before);
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedSaysWhy() {
        // /proc refuses new directories even to root (a chmod'ed directory would not stop root, who runs CI)
        assertOneLine(CliTest.cli("run", "--limit", "10", "--model", "builtin:phantom_cnn", "--out",
                "/proc/medrobust-results"), ExitCodes.BAD_INPUT, "/proc/medrobust-results",
                "cannot create the output directory: ");
    }

    @Test
    void aModelFileWhoseContentChangedIsNotResumedUnderTheOldResults() throws IOException {
        Path model = Files.copy(shared("models/external/pneumonia_cnn.onnx"), tmp.resolve("candidate.onnx"));
        Path data = Files.copy(corpus("gray2.npz"), tmp.resolve("ward.npz"));
        Path results = tmp.resolve("results");
        String[] run = {"run", "--model", model.toString(), "--data", data.toString(), "--out", results.toString()};
        assertThat(CliTest.cli(run).exitCode()).isIn(ExitCodes.OK, ExitCodes.GATE_FAILED);
        Map<String, String> written = hashes(results);
        Path defaultBefore = defaultOut(model, data);

        // a CI job overwrites candidate.onnx with the next release: same path, other content
        Files.copy(shared("models/external/pneumonia_vit.onnx"), model, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertOneLine(CliTest.cli(run), ExitCodes.BAD_INPUT, "candidate.onnx", "changed since these results were written");
        assertThat(hashes(results)).as("nothing already written changed").isEqualTo(written);
        assertThat(defaultOut(model, data)).as("the default --out follows the content").isNotEqualTo(defaultBefore);

        // the same for the data: the model restored, the data file re-exported with other pixels
        Files.copy(shared("models/external/pneumonia_cnn.onnx"), model, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(CliTest.cli(run).exitCode()).as("unchanged inputs resume").isIn(ExitCodes.OK, ExitCodes.GATE_FAILED);
        assertThat(Sha256.of(results.resolve("report.json"))).as("resuming gives the same report").isEqualTo(
                written.get("report.json"));
        written = hashes(results);
        Files.copy(corpus("gray2_rescanned.npz"), data, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertOneLine(CliTest.cli(run), ExitCodes.BAD_INPUT, "ward.npz", "changed since these results were written");
        assertThat(hashes(results)).as("nothing already written changed").isEqualTo(written);
    }

    @Test
    void hostileCampaignNamesCannotSteerTheDefaultDirectory() {
        var config = ConfigLoader.preset("default").withModels(List.of(ModelSpec.of("builtin:phantom_cnn")))
                .withData(List.of(new DataSpec("builtin:phantom", "test", 5)));
        var hostile = new org.medrobust.suite.config.CampaignConfig("../../etc/<script>", config.seed(),
                config.batchSize(), config.data(), config.models(), config.threats(), List.of());
        try (Campaign.Prepared prepared = new Campaign(hostile, new DefaultInputLoader(), ProgressListener.NONE)
                .prepare()) {
            Path dir = prepared.defaultOutDir();
            assertThat(dir.getNameCount()).isEqualTo(2);
            assertThat(dir.getName(0).toString()).isEqualTo("medrobust-results");
            assertThat(dir.getFileName().toString()).matches("[A-Za-z0-9._-]+").doesNotStartWith(".");
        }
    }

    private static Path defaultOut(Path model, Path data) {
        var config = ConfigLoader.preset("default").withModels(List.of(ModelSpec.of(model.toString())))
                .withData(List.of(new DataSpec(data.toString(), null, null)));
        try (Campaign.Prepared prepared = new Campaign(config, new DefaultInputLoader(), ProgressListener.NONE)
                .prepare()) {
            return prepared.defaultOutDir();
        }
    }

    private static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                hashes.put(f.getFileName().toString(), Sha256.of(f));
            }
        }
        return hashes;
    }
}
