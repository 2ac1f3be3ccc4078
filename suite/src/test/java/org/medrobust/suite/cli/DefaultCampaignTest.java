package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.run.Journal;

/**
 * The default campaign ({@code medrobust run}; here the five PneumoniaMNIST reference families on the first 100
 * shipped X-rays, every threat family of the preset) run twice: once unbroken in this JVM, and once in a child JVM
 * killed with SIGKILL part-way through, then rerun here. Every output must be the same bytes: the campaign is
 * deterministic across JVMs, and a killed run resumes to the report an unbroken one writes. The child is killed at its
 * first journaled batch of medmamba_pneumonia, so it has computed Mamba batches on the SIMD scan kernel cold
 * (interpreted, then C1) while this JVM computes the rest warm. One campaign serves both oracles (they were two tests
 * with a campaign each); the child runs while this JVM computes the unbroken run, one campaign per core.
 */
class DefaultCampaignTest {

    private static final String[] CAMPAIGN = {"run", "--limit", "100"};
    /** Batch lines of this model come late in plan order, after three Mamba-free and two Mamba models. */
    private static final String KILL_AT = "\"scenario\":\"medmamba_pneumonia@";

    @TempDir
    Path tmp;

    @Test
    void runsToIdenticalOutputsAcrossJvmsAndAKillAndResumeAndGatesEachModel() throws Exception {
        Path whole = tmp.resolve("whole");
        Path killed = tmp.resolve("killed");
        Path journal = killed.resolve(Journal.FILE_NAME);
        Process child = startCli(killed);
        ExecutorService watcher = Executors.newSingleThreadExecutor();
        Future<Long> kill = watcher.submit(() -> killAtFirstBatchOf(child, journal));
        long batchesAtKill;
        try {
            CliTest.Result first = CliTest.cli(withOut(whole));
            assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.OK);
            assertThat(first.out()).contains("cnn_pneumonia@pneumoniamnist/test:clean",
                    "vit_pneumonia@pneumoniamnist/test:medmnistc_pneumoniamnist_shot_noise/s3",
                    "vim_pneumonia@pneumoniamnist/test:pgd_linf/s1",
                    "vmamba_pneumonia@pneumoniamnist/test:weight_bit_position/s31/t2",
                    "cnn_pneumonia@pneumoniamnist/test:weight_msb_per_layer/s84/t1",
                    "vim_pneumonia@pneumoniamnist/test:weight_ber/s5/t2",
                    "medmamba_pneumonia@pneumoniamnist/test:site_xray_mild");
            assertThat(first.out().lines().filter(l -> l.startsWith("gate "))).hasSize(5)
                    .allSatisfy(l -> assertThat(l).contains("pass"));
            batchesAtKill = kill.get(10, TimeUnit.MINUTES);
        } finally {
            watcher.shutdownNow();
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(batchesAtKill).as("the run must be killed part-way").isPositive();
        assertThat(killed.resolve(ResultWriter.REPORT_JSON)).doesNotExist();

        CliTest.Result resumed = CliTest.cli(withOut(killed));
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCodes.OK);
        for (String view : List.of(ResultWriter.REPORT_JSON, "index.html", "report-context.json", "scenarios.csv",
                "outcomes.csv", "dossier.html", "dossier.pdf")) {
            assertThat(Files.readAllBytes(killed.resolve(view))).as(view)
                    .isEqualTo(Files.readAllBytes(whole.resolve(view)));
        }
        assertThat(Files.readString(whole.resolve("index.html"))).contains("<table", "medmamba_pneumonia",
                "data:image/png;base64,");
        long total = batchLines(whole.resolve(Journal.FILE_NAME));
        assertThat(batchesAtKill).as("the run must be killed part-way").isLessThan(total);
        assertThat(batchLines(journal)).as("every batch journaled once").isEqualTo(total);
        assertThat(Files.readString(killed.resolve(ResultWriter.ENVIRONMENT_JSON)))
                .as("both sessions recorded").contains("\"resumedBatches\" : " + batchesAtKill);
    }

    /** Kills the child once its journal holds a batch of {@link #KILL_AT}; the journal's batch lines then. */
    private static long killAtFirstBatchOf(Process child, Path journal) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(9);
        while (child.isAlive() && System.nanoTime() < deadline && batchLines(journal, KILL_AT) == 0) {
            Thread.sleep(5);
        }
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return batchLines(journal);
    }

    private static Process startCli(Path out) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx4g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), MedrobustCli.class.getName()));
        command.addAll(List.of(withOut(out)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String[] withOut(Path out) {
        String[] args = Arrays.copyOf(CAMPAIGN, CAMPAIGN.length + 2);
        args[CAMPAIGN.length] = "--out";
        args[CAMPAIGN.length + 1] = out.toString();
        return args;
    }

    private static long batchLines(Path file) throws IOException {
        return batchLines(file, "");
    }

    /** Complete batch lines of the journal that contain {@code fragment}. */
    private static long batchLines(Path file, String fragment) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var stream = Files.lines(file)) {
            return stream.filter(line -> line.contains("\"type\":\"batch\"") && line.endsWith("}")
                    && line.contains(fragment)).count();
        }
    }
}
