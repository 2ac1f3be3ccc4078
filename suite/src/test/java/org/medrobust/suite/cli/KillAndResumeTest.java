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

/** A real process killed with SIGKILL part-way through, then rerun, ends with the same report as an unbroken run. */
class KillAndResumeTest {

    private static final String[] CAMPAIGN = {"run", "--model", "builtin:phantom_cnn", "--data", "builtin:phantom",
        "--split", "train", "--limit", "2000"};
    private static final int TOTAL_BATCHES = 6 * 20;

    @TempDir
    Path tmp;

    @Test
    void aKilledRunResumesToTheSameReport() throws IOException, InterruptedException {
        Path killed = tmp.resolve("killed");
        Process process = startCli(killed);
        Path journal = killed.resolve(Journal.FILE_NAME);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(journal) < 1 + 40 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long linesAtKill = lines(journal);
        assertThat(linesAtKill).as("the run must be killed part-way").isBetween(2L, (long) TOTAL_BATCHES);
        assertThat(killed.resolve(ResultWriter.REPORT_JSON)).doesNotExist();

        CliTest.Result resumed = CliTest.cli(withOut(killed));
        CliTest.Result whole = CliTest.cli(withOut(tmp.resolve("whole")));

        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCodes.OK);
        assertThat(whole.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(killed.resolve(ResultWriter.REPORT_JSON)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("whole").resolve(ResultWriter.REPORT_JSON)));
        assertThat(lines(journal)).isEqualTo(1 + TOTAL_BATCHES);
    }

    private static Process startCli(Path out) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "--enable-native-access=ALL-UNNAMED",
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

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var stream = Files.lines(file)) {
            return stream.count();
        }
    }
}
