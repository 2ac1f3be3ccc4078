package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.run.Journal;

/**
 * A real process killed with SIGKILL part-way through, then rerun, ends with the same report bytes as an unbroken
 * run. The campaign includes a Mamba model on the SIMD scan kernel: the killed JVM computes its first batches cold
 * (interpreted, then C1), the test JVM the rest warm, and the bytes must still match.
 */
class KillAndResumeTest {

    private static final String[] CAMPAIGN = {"run", "--model", "builtin:medmamba_phantom", "--model",
        "builtin:phantom_cnn", "--data", "builtin:phantom", "--split", "train", "--limit", "500"};

    @TempDir
    Path tmp;

    @Test
    void aKilledRunResumesToTheSameReport() throws IOException, InterruptedException {
        Path killed = tmp.resolve("killed");
        Process process = startCli(killed);
        Path journal = killed.resolve(Journal.FILE_NAME);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (batchLines(journal) < 20 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long batchesAtKill = batchLines(journal);
        assertThat(batchesAtKill).as("the run must be killed part-way").isPositive();
        assertThat(killed.resolve(ResultWriter.REPORT_JSON)).doesNotExist();

        CliTest.Result resumed = CliTest.cli(withOut(killed));
        CliTest.Result whole = CliTest.cli(withOut(tmp.resolve("whole")));

        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCodes.OK);
        assertThat(whole.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(killed.resolve(ResultWriter.REPORT_JSON)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("whole").resolve(ResultWriter.REPORT_JSON)));
        long total = batchLines(tmp.resolve("whole").resolve(Journal.FILE_NAME));
        assertThat(batchesAtKill).as("the run must be killed part-way").isLessThan(total);
        assertThat(batchLines(journal)).as("every batch journaled once").isEqualTo(total);
        assertThat(Files.readString(killed.resolve(ResultWriter.ENVIRONMENT_JSON)))
                .as("both sessions recorded").contains("\"resumedBatches\" : " + batchesAtKill);
    }

    private static Process startCli(Path out) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), MedrobustCli.class.getName()));
        command.addAll(List.of(withOut(out)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String[] withOut(Path out) {
        String[] args = java.util.Arrays.copyOf(CAMPAIGN, CAMPAIGN.length + 2);
        args[CAMPAIGN.length] = "--out";
        args[CAMPAIGN.length + 1] = out.toString();
        return args;
    }

    private static long batchLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var stream = Files.lines(file)) {
            return stream.filter(line -> line.contains("\"type\":\"batch\"") && line.endsWith("}")).count();
        }
    }
}
