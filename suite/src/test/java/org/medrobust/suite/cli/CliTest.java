package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end: exit codes and one-line errors. */
class CliTest {

    @TempDir
    Path tmp;

    /** What one invocation printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    static Result cli(String... args) {
        CliRunner.Result r = CliRunner.run(args);
        return new Result(r.exitCode(), r.out(), r.err());
    }

    private static void assertOneLineError(Result result, int code, String... fragments) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(code);
        assertThat(result.err().strip()).doesNotContain("\n").doesNotContain("\tat ").startsWith("medrobust: ")
                .contains(fragments);
    }

    @Test
    void helpAndListWork() {
        Result help = cli("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("run", "list", "Exit codes", "gate failed");
        Result runHelp = cli("run", "--help");
        assertThat(runHelp.exitCode()).isZero();
        assertThat(runHelp.out()).contains("--config", "--model", "--data", "--out", "--seed");
        Result list = cli("list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("phantom_cnn", "phantom", "gaussian_noise", "severity 5", "sigma=0.1",
                "min_clean_accuracy");
    }

    @Test
    void usageErrorsExitTwo() {
        assertOneLineError(cli("run", "--seed", "many"), ExitCodes.BAD_INPUT, "--seed");
        assertOneLineError(cli("run", "--frobnicate"), ExitCodes.BAD_INPUT, "--frobnicate");
        assertOneLineError(cli("explode"), ExitCodes.BAD_INPUT, "explode");
    }

    @Test
    void badFilesExitTwoWithOneLineNamingTheFile() throws IOException {
        String out = tmp.resolve("out").toString();
        assertOneLineError(cli("run", "--model", tmp.resolve("nope.onnx").toString(), "--out", out),
                ExitCodes.BAD_INPUT, "nope.onnx", "not found");
        Path garbage = Files.writeString(tmp.resolve("garbage.onnx"), "this is not a model");
        assertOneLineError(cli("run", "--model", garbage.toString(), "--out", out), ExitCodes.BAD_INPUT,
                "garbage.onnx");
        Path pickle = Files.writeString(tmp.resolve("model.pkl"), "x");
        assertOneLineError(cli("run", "--model", pickle.toString(), "--out", out), ExitCodes.BAD_INPUT,
                "model.pkl", "unsupported model format");
        Path notZip = Files.writeString(tmp.resolve("scans.npz"), "not a zip");
        assertOneLineError(cli("run", "--data", notZip.toString(), "--out", out), ExitCodes.BAD_INPUT, "scans.npz");
        Path config = Files.writeString(tmp.resolve("c.yaml"), "sed: 1\n");
        assertOneLineError(cli("run", "--config", config.toString(), "--out", out), ExitCodes.BAD_INPUT, "c.yaml",
                "unknown setting 'sed'");
        Path file = Files.writeString(tmp.resolve("afile"), "");
        assertOneLineError(cli("run", "--out", file.toString()), ExitCodes.BAD_INPUT, "afile", "directory");
        assertOneLineError(cli("run", "--data", "builtin:phantom", "--split", "holdout", "--out", out),
                ExitCodes.BAD_INPUT, "unknown split 'holdout'");
    }

    @Test
    void aFailedGateExitsOne() throws IOException {
        Path config = Files.writeString(tmp.resolve("strict.yaml"), """
                seed: 1
                data: [{source: "builtin:phantom", limit: 200}]
                models: [{source: "builtin:phantom_cnn"}]
                threats: [{id: gaussian_noise, severities: [5]}]
                gates: [{type: max_accuracy_drop, threshold: 0.0}]
                """);
        Result result = cli("run", "--config", config.toString(), "--out", tmp.resolve("strict").toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(result.out()).contains("FAIL");
    }
}
