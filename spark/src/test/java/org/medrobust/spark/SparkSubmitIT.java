package org.medrobust.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.spark.cluster.LocalStandaloneCluster;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.run.ProgressListener;

/**
 * The spark-submit assembly (target/medrobust-spark-assembly.jar) submitted through Spark's own launcher, as
 * {@code spark-submit} submits it, to a cluster whose master, workers and executors have only Spark's jars
 * (target/spark-dist/jars: nothing of medrobust; the executors fetch the assembly from the driver), and in local mode.
 * Oracle: a single-JVM run of the same campaign; report.json and the CSVs are byte-identical. And the launch paths
 * are interchangeable: a campaign killed mid-run under one ({@code spark-submit} of the assembly, or
 * {@code java -jar suite/target/medrobust.jar}, which is what {@code ./medrobust} runs) resumes under the other:
 * both sessions carry one software fingerprint, each unit is journaled once, the report is the oracle's. Profile
 * {@code spark-cluster} only (several minutes on two cores).
 */
class SparkSubmitIT {

    private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final Path ASSEMBLY = MODULE.resolve("target/medrobust-spark-assembly.jar");
    private static final Path SPARK_JARS = MODULE.resolve("target/spark-dist/jars");
    private static final Path MEDROBUST_JAR = MODULE.resolveSibling("suite").resolve("target/medrobust.jar");
    private static final int UNITS = 2 * 4 * (1 + 2 + 2); // 2 models x 4 batches x (clean, 2 severities, 2 trials)

    @TempDir
    static Path tmp;

    private static Path yaml;
    private static Path single;

    @BeforeAll
    static void singleJvmOracle() throws IOException {
        yaml = Files.writeString(tmp.resolve("campaign.yaml"), SparkEngineTest.CONFIG);
        single = tmp.resolve("single");
        try (Campaign.Prepared prepared = new Campaign(ConfigLoader.load(yaml), new DefaultInputLoader(),
                ProgressListener.NONE).prepare()) {
            prepared.run(single);
        }
    }

    @Test
    void theAssemblyThroughSparkSubmitWritesTheSingleJvmReport() throws Exception {
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.ofSparkJars(2, "1536m", SPARK_JARS)) {
            cluster.awaitWorkers(2, Duration.ofSeconds(120));
            Path onCluster = tmp.resolve("cluster");
            assertThat(submit(cluster.environment(), onCluster, List.of("--master", cluster.url(), "--conf",
                    "spark.driver.host=127.0.0.1", "--conf", "spark.executor.cores=1", "--conf",
                    "spark.executor.memory=1g")).waitFor()).as(log(onCluster)).isZero();
            assertSameReport(onCluster);
            // every executor ran medrobust from the assembly it fetched from the driver: the cluster has no other copy
            try (Stream<Path> files = Files.walk(cluster.home())) {
                assertThat(files.filter(f -> f.getFileName().toString().equals(ASSEMBLY.getFileName().toString()))
                        .map(f -> cluster.home().relativize(f).getName(0).toString()).distinct())
                        .containsExactlyInAnyOrder("work-0", "work-1");
            }

            Path local = tmp.resolve("local");
            assertThat(submit(cluster.environment(), local, List.of("--master", "local[2]")).waitFor())
                    .as(log(local)).isZero();
            assertSameReport(local);
        }
    }

    @Test
    void aCampaignResumesAcrossTheTwoLaunchPaths() throws Exception {
        try (LocalStandaloneCluster home = LocalStandaloneCluster.ofSparkJars(0, "1g", SPARK_JARS)) {
            Map<String, String> env = home.environment();

            Path fromSpark = tmp.resolve("from-spark");
            killAfter(submit(env, fromSpark, List.of("--master", "local[1]")), fromSpark, 3);
            assertThat(launcher(fromSpark).waitFor()).as(log(fromSpark)).isZero();
            assertResumedOnce(fromSpark);

            Path fromLauncher = tmp.resolve("from-launcher");
            killAfter(launcher(fromLauncher), fromLauncher, 3);
            assertThat(submit(env, fromLauncher, List.of("--master", "local[2]")).waitFor())
                    .as(log(fromLauncher)).isZero();
            assertResumedOnce(fromLauncher);
        }
    }

    /** {@code spark-submit [sparkArgs] --class ...MedrobustCli assembly.jar run --engine spark ...}, started. */
    private static Process submit(Map<String, String> env, Path out, List<String> sparkArgs) throws IOException {
        List<String> args = new ArrayList<>(sparkArgs);
        args.addAll(List.of("--class", "org.medrobust.suite.cli.MedrobustCli", ASSEMBLY.toString(), "run", "--engine",
                "spark", "--config", yaml.toString(), "--out", out.toString()));
        Files.createDirectories(out);
        return SparkSubmitCommand.of(env, logFile(out), args).start();
    }

    /** What {@code ./medrobust run --config ... --out ...} runs (the launcher's JVM flags and jar), started. */
    private static Process launcher(Path out) throws IOException {
        Files.createDirectories(out);
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-jar",
                MEDROBUST_JAR.toString(), "run", "--config", yaml.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(out).toFile()))
                .start();
    }

    /** SIGKILLs the run (as a crashed driver) once its journal holds {@code batches} units. */
    private static void killAfter(Process run, Path out, int batches) throws Exception {
        while (run.isAlive() && journaled(out, "\"type\":\"batch\"").size() < batches) {
            Thread.sleep(50);
        }
        run.destroyForcibly().waitFor();
    }

    private static void assertResumedOnce(Path out) throws IOException {
        List<String> sessions = journaled(out, "\"type\":\"session\"");
        assertThat(sessions).hasSize(2);
        var first = ResultJson.compact().readTree(sessions.get(0));
        var second = ResultJson.compact().readTree(sessions.get(1));
        assertThat(second.get("software").asText()).isEqualTo(first.get("software").asText()).contains("+");
        assertThat(second.get("resumedBatches").asInt()).isBetween(3, UNITS - 1);
        assertThat(journaled(out, "\"type\":\"batch\"")).hasSize(UNITS); // nothing journaled was computed again
        assertSameReport(out);
    }

    private static List<String> journaled(Path out, String type) throws IOException {
        Path journal = out.resolve("journal.jsonl");
        if (!Files.exists(journal)) {
            return List.of();
        }
        return Files.readAllLines(journal).stream().filter(l -> l.contains(type) && l.endsWith("}")).toList();
    }

    private static void assertSameReport(Path out) throws IOException {
        for (String file : List.of(ResultWriter.REPORT_JSON, "scenarios.csv", "outcomes.csv")) {
            assertThat(Files.mismatch(single.resolve(file), out.resolve(file))).as(file).isEqualTo(-1L);
        }
    }

    private static Path logFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".log");
    }

    private static String log(Path out) throws IOException {
        String log = Files.readString(logFile(out));
        return log.substring(Math.max(0, log.length() - 4000));
    }
}
