package org.medrobust.spark.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medrobust.spark.RunStats;
import org.medrobust.spark.SparkEngine;
import org.medrobust.spark.cluster.ExecutorLogs;
import org.medrobust.spark.cluster.LocalStandaloneCluster;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.run.ProgressListener;

/**
 * {@code scripts/bench-spark.sh [CONFIG.yaml] [local[N]...] [EXECUTORS...] [--driver] [--no-replay] [--keep DIR]
 * [--oracle DIR]}: one campaign on
 * the single-JVM engine, then in Spark's local mode with N task slots in this JVM ({@code local[N]}) and on a local
 * standalone cluster with 1, 2, ... one-core executors (plain numbers; default: 1 and 2 when nothing is named);
 * prints throughput, the speed-up over the first run, task time and overhead per unit, the driver's time per unit
 * (wall and CPU, and how many journal commits), CPU use (this JVM's, and the whole machine's from /proc/stat), what
 * went wrong inside a standalone cluster's executors ({@link ExecutorLogs}: Spark retries around it) and
 * checks every Spark report.json equals the single-JVM one; then replays the run's units through the driver's
 * journaling at saturation ({@link DriverReplay}). {@code --driver}: the single-JVM run and the replay only;
 * {@code --keep DIR}: copy the single-JVM run's report.json and journal there; {@code --oracle DIR}: compare with
 * those instead of running the single JVM again (a second benchmark JVM). The cost model built on these numbers is in
 * docs/spark.md.
 */
public final class SparkBenchmark {

    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+)]");

    private SparkBenchmark() {
    }

    /** One Spark configuration: local mode with {@code slots} task slots, or {@code slots} standalone executors. */
    private record Setup(boolean local, int slots) {
        String label() {
            return local ? "local[" + slots + "]" : "standalone x" + slots;
        }
    }

    public static void main(String[] args) throws IOException {
        String yaml = args.length > 0 && args[0].endsWith(".yaml") ? Files.readString(Path.of(args[0]))
                : resource("bench-campaign.yaml");
        List<Setup> setups = new ArrayList<>();
        for (String a : args) {
            Matcher local = LOCAL.matcher(a);
            if (local.matches()) {
                setups.add(new Setup(true, Integer.parseInt(local.group(1))));
            } else if (a.matches("\\d+")) {
                setups.add(new Setup(false, Integer.parseInt(a)));
            }
        }
        List<String> flags = List.of(args);
        if (flags.contains("--driver")) {
            setups = List.of();
        } else if (setups.isEmpty()) {
            setups = List.of(new Setup(false, 1), new Setup(false, 2));
        }
        Path tmp = Files.createTempDirectory("medrobust-spark-bench-");
        CampaignConfig config = ConfigLoader.load(Files.writeString(tmp.resolve("campaign.yaml"), yaml));

        String oracle = option(args, "--oracle");
        Path single = oracle != null ? Path.of(oracle) : tmp.resolve("single");
        int samples;
        Usage singleUsage = Usage.start();
        try (Campaign.Prepared prepared = prepare(config)) {
            if (oracle == null) {
                runTolerant(() -> prepared.run(single), single);
            }
            samples = prepared.plan().stream().filter(s -> s.runnable())
                    .mapToInt(s -> s.samples(prepared.data().getFirst().size())).sum();
        }
        Usage.Span s0 = singleUsage.stop();
        if (oracle == null) {
            System.out.printf(Locale.ROOT, "single JVM: %.1f s for the whole run (%d samples), JVM CPU %.1f s, "
                    + "machine CPU %.1f s (%d cores)%n", s0.wall(), samples, s0.jvmCpu(), s0.machineCpu(), Usage.CORES);
        } else {
            System.out.println("single JVM: the run in " + single + " (--oracle), " + samples + " samples");
        }
        String keep = option(args, "--keep");
        if (keep != null) { // the single-JVM run's report and journal, for a later --oracle
            Files.createDirectories(Path.of(keep));
            for (String f : List.of("report.json", "journal.jsonl")) {
                Files.copy(single.resolve(f), Path.of(keep, f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.println("| setup | units | start s | jobs s | units/s | speed-up | samples/s | task s (sum) "
                + "| task s/unit | overhead s/unit (all) | overhead s/unit (warm) | driver ms/unit | driver CPU ms/unit "
                + "| journal commits | run s | JVM CPU s | machine CPU s | slot utilisation | cores busy "
                + "| units per executor | executor log problems | report = single JVM |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        double base = Double.NaN;
        for (int run = 0; run < setups.size(); run++) {
            Setup setup = setups.get(run);
            SparkEngine engine = new SparkEngine();
            // a folder per run: a setup named twice (a warm repeat) would otherwise resume the first one's journal
            Path out = tmp.resolve("spark-" + run + "-" + setup.label().replaceAll("[^a-z0-9]", ""));
            Usage usage;
            String problems = "-"; // local mode: no executor JVMs, no executor logs
            if (setup.local()) {
                try (Campaign.Prepared prepared = prepare(config)) {
                    usage = Usage.start();
                    runTolerant(() -> prepared.run(out, engine, Map.of("master", setup.label())), out);
                }
            } else {
                try (LocalStandaloneCluster cluster = new LocalStandaloneCluster(setup.slots(), "2g")) {
                    cluster.awaitWorkers(setup.slots(), Duration.ofSeconds(120));
                    try (Campaign.Prepared prepared = prepare(config)) {
                        usage = Usage.start();
                        runTolerant(() -> prepared.run(out, engine, cluster.executorConf()), out);
                    }
                    problems = ExecutorLogs.summary(ExecutorLogs.problems(cluster.home()));
                }
            }
            Usage.Span span = usage.stop();
            RunStats s = engine.lastRun();
            boolean same = Files.mismatch(single.resolve("report.json"), out.resolve("report.json")) == -1;
            int n = setup.slots();
            double unitsPerSecond = s.units().size() / s.jobSeconds();
            if (Double.isNaN(base)) {
                base = unitsPerSecond;
            }
            // wall time the slots were held, less the time they computed, per unit: scheduling, serialisation,
            // result transfer, journaling, and each slot's one-off model load
            double overhead = (s.jobSeconds() * n - s.taskSeconds()) / s.units().size();
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f | %.2f | %.1f | %.1f | %.3f | %.3f | %.3f "
                    + "| %.1f | %.1f | %d | %.1f | %.1f | %.1f | %.0f %% | %.1f | %s | %s | %s |%n", setup.label(),
                    s.units().size(), s.startSeconds(), s.jobSeconds(), unitsPerSecond, unitsPerSecond / base,
                    samples / s.jobSeconds(), s.taskSeconds(), s.taskSeconds() / s.units().size(), overhead,
                    s.steadyOverheadSeconds(n), 1000 * s.driverSeconds() / s.units().size(),
                    1000 * s.driverCpuSeconds() / s.units().size(), s.commits(), span.wall(), span.jvmCpu(),
                    span.machineCpu(), 100 * s.taskSeconds() / (s.jobSeconds() * n),
                    span.machineCpu() / span.wall(), s.unitsPerExecutor().values(), problems, same);
        }
        if (!flags.contains("--no-replay")) {
            DriverReplay.print(single.resolve("journal.jsonl"), 5, 1, 8, 64);
        }
    }

    /** The value after {@code name} in {@code args}, or null. */
    private static String option(String[] args, String name) {
        int i = List.of(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : null;
    }

    /**
     * Runs a campaign; a failure after report.json was written (a host without fontconfig cannot draw index.html's
     * charts) is reported once and the benchmark goes on, since report.json is what it compares.
     */
    private static void runTolerant(Runnable run, Path out) {
        try {
            run.run();
        } catch (RuntimeException | Error e) {
            if (!Files.isRegularFile(out.resolve("report.json"))) {
                throw e;
            }
            System.out.println("(report.json written; rendering the rest failed: " + e + ")");
        }
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

    /**
     * Wall time, this JVM's CPU time and the whole machine's busy CPU time (all processes: the standalone cluster's
     * executors are other JVMs) over one run. Machine CPU is NaN where /proc/stat is not readable.
     */
    private record Usage(long wallNanos, long jvmCpuNanos, double machineCpuSeconds) {

        static final int CORES = Runtime.getRuntime().availableProcessors();

        record Span(double wall, double jvmCpu, double machineCpu) {
        }

        static Usage start() {
            return new Usage(System.nanoTime(), jvmCpu(), machineBusySeconds());
        }

        Span stop() {
            return new Span((System.nanoTime() - wallNanos) / 1e9, (jvmCpu() - jvmCpuNanos) / 1e9,
                    machineBusySeconds() - machineCpuSeconds);
        }

        private static long jvmCpu() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }

        /** Busy seconds of all cores since boot: /proc/stat's first line less idle and iowait (USER_HZ = 100). */
        private static double machineBusySeconds() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                    total += Long.parseLong(f[i]);
                }
                return (total - Long.parseLong(f[4]) - Long.parseLong(f[5])) / 100.0;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
    }
}
