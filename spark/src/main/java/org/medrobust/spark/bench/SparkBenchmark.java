package org.medrobust.spark.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medrobust.spark.RunStats;
import org.medrobust.spark.SparkEngine;
import org.medrobust.spark.cluster.LocalStandaloneCluster;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.run.ProgressListener;

/**
 * {@code scripts/bench-spark.sh [CONFIG.yaml] [EXECUTORS...]}: one campaign on the single-JVM engine, then on a local
 * standalone cluster with 1, 2, ... one-core executors; prints throughput, task time and overhead per unit, the
 * driver's time per unit (wall and CPU, and how many journal commits), and checks every Spark report.json equals the
 * single-JVM one; then replays the run's units through the driver's journaling at saturation ({@link DriverReplay}).
 * {@code --driver}: the single-JVM run and the replay only. The cost model built on these numbers is in
 * docs/spark.md.
 */
public final class SparkBenchmark {

    private SparkBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String yaml = args.length > 0 && args[0].endsWith(".yaml") ? Files.readString(Path.of(args[0]))
                : resource("bench-campaign.yaml");
        List<Integer> executors = new ArrayList<>();
        for (String a : args) {
            if (a.matches("\\d+")) {
                executors.add(Integer.parseInt(a));
            }
        }
        boolean driverOnly = List.of(args).contains("--driver");
        if (driverOnly) {
            executors = List.of();
        } else if (executors.isEmpty()) {
            executors = List.of(1, 2);
        }
        Path tmp = Files.createTempDirectory("medrobust-spark-bench-");
        CampaignConfig config = ConfigLoader.load(Files.writeString(tmp.resolve("campaign.yaml"), yaml));

        long start = System.nanoTime();
        Path single = tmp.resolve("single");
        int samples;
        try (Campaign.Prepared prepared = prepare(config)) {
            prepared.run(single);
            samples = prepared.plan().stream().filter(s -> s.runnable())
                    .mapToInt(s -> s.samples(prepared.data().getFirst().size())).sum();
        }
        double singleSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "single JVM: %.1f s for the whole run (%d samples)%n", singleSeconds, samples);
        System.out.println("| executors | units | start s | jobs s | units/s | samples/s | task s (sum) "
                + "| overhead s/unit (all) | overhead s/unit (warm) | driver ms/unit | driver CPU ms/unit | journal commits "
                + "| units per executor | report = single JVM |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int n : executors) {
            SparkEngine engine = new SparkEngine();
            Path out = tmp.resolve("spark-" + n);
            try (LocalStandaloneCluster cluster = new LocalStandaloneCluster(n, "2g")) {
                cluster.awaitWorkers(n, Duration.ofSeconds(120));
                try (Campaign.Prepared prepared = prepare(config)) {
                    prepared.run(out, engine, cluster.executorConf());
                }
            }
            RunStats s = engine.lastRun();
            boolean same = Files.mismatch(single.resolve("report.json"), out.resolve("report.json")) == -1;
            // wall time the executors were held, less the time they computed, per unit: scheduling, serialisation,
            // result transfer, journaling, and each executor's one-off model load
            double overhead = (s.jobSeconds() * n - s.taskSeconds()) / s.units().size();
            System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.3f | %.3f | %.1f | %.1f | %d "
                    + "| %s | %s |%n", n, s.units().size(), s.startSeconds(), s.jobSeconds(),
                    s.units().size() / s.jobSeconds(), samples / s.jobSeconds(), s.taskSeconds(), overhead,
                    s.steadyOverheadSeconds(n), 1000 * s.driverSeconds() / s.units().size(),
                    1000 * s.driverCpuSeconds() / s.units().size(), s.commits(), s.unitsPerExecutor().values(), same);
        }
        DriverReplay.print(single.resolve("journal.jsonl"), 5, 1, 8, 64);
    }

    private static Campaign.Prepared prepare(CampaignConfig config) {
        return new Campaign(config, new DefaultInputLoader(), ProgressListener.NONE).prepare();
    }

    private static String resource(String name) {
        try (InputStream in = SparkBenchmark.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
