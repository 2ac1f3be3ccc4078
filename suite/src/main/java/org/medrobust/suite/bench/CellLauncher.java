package org.medrobust.suite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.medrobust.reports.json.ResultJson;

/**
 * Runs one cell in a child JVM (same java, classpath and engine flags as this one) and watches it: killed when it
 * runs past the time limit, when its resident memory passes the budget, or when the machine runs low on memory.
 */
final class CellLauncher {

    /** The machine keeps at least this much available while a cell runs (other work must not be pushed out). */
    static final double RESERVE_MB = 768;

    private static final long POLL_MILLIS = 50;

    private final double maxSeconds;
    private final double maxMemoryMb;

    CellLauncher(double maxSeconds, double maxMemoryMb) {
        this.maxSeconds = maxSeconds;
        this.maxMemoryMb = maxMemoryMb;
    }

    /**
     * How a child ended.
     *
     * @param outcome   its last result line, if it printed one
     * @param stopped   why it was killed or failed (one line); null when it finished normally
     * @param limit     true when {@code stopped} is a limit (time or memory), false for a crash
     */
    record Run(Optional<CellOutcome> outcome, String stopped, boolean limit, double seconds) {
    }

    Run run(CellRequest request) {
        Child<CellOutcome> child = launch(CellMain.class, request.toArgs(), CellOutcome.PREFIX, CellOutcome.class);
        if (child.stopped() == null && child.outcome().map(o -> !o.finished()).orElse(true)) {
            return new Run(child.outcome(), "child printed no complete result: " + child.lastError(), false,
                    child.seconds());
        }
        return new Run(child.outcome(), child.stopped(), child.limit(), child.seconds());
    }

    /**
     * How any child ended.
     *
     * @param outcome   the last line it printed after {@code prefix}, parsed
     * @param stopped   why it was killed or failed (one line); null when it exited 0
     * @param limit     true when {@code stopped} is a limit (time or memory)
     * @param lastError its last non-blank stderr line
     */
    record Child<T>(Optional<T> outcome, String stopped, boolean limit, double seconds, String lastError) {
    }

    /**
     * Runs {@code main} with {@code args} in a child JVM under this launcher's limits; its result lines are those
     * starting with {@code prefix}, followed by one {@code type} as JSON (the last one counts).
     */
    <T> Child<T> launch(Class<?> main, List<String> args, String prefix, Class<T> type) {
        Path dir;
        try {
            dir = Files.createTempDirectory("medrobust-bench-cell");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for a bench cell", e);
        }
        Path stdout = dir.resolve("stdout"), stderr = dir.resolve("stderr");
        long start = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command(main, args)).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).start();
            String stopped = watch(process, start);
            double seconds = (System.nanoTime() - start) / 1e9;
            Optional<T> outcome = lastOutcome(stdout, prefix, type);
            String lastError = lastLine(stderr);
            if (stopped == null && process.exitValue() != 0) {
                return new Child<>(outcome, "child exited with code " + process.exitValue() + ": " + lastError,
                        false, seconds, lastError);
            }
            return new Child<>(outcome, stopped, stopped != null, seconds, lastError);
        } catch (IOException e) {
            return new Child<>(Optional.empty(), "cannot start the child JVM: " + e.getMessage(), false,
                    (System.nanoTime() - start) / 1e9, "");
        } finally {
            deleteQuietly(stdout, stderr, dir);
        }
    }

    /** Waits for the child; kills it and says why when a limit is reached; null when it exited by itself. */
    private String watch(Process process, long start) throws IOException {
        double peakMb = 0;
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                double seconds = (System.nanoTime() - start) / 1e9;
                double rss = MemoryProbe.rssMb(process.pid()).orElse(0);
                peakMb = Math.max(peakMb, rss);
                double available = MemoryProbe.availableMb().orElse(Double.MAX_VALUE);
                String reason = seconds > maxSeconds
                        ? String.format(Locale.ROOT, "time limit: killed after %.0f s (limit %.0f s)", seconds,
                        maxSeconds)
                        : rss > maxMemoryMb ? String.format(Locale.ROOT,
                        "memory limit: killed at %.0f MB resident (budget %.0f MB)", rss, maxMemoryMb)
                        : available < RESERVE_MB ? String.format(Locale.ROOT,
                        "machine memory low: killed at %.0f MB resident, %.0f MB left available", rss, available)
                        : null;
                if (reason != null) {
                    kill(process);
                    return reason;
                }
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    private static void kill(Process process) throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The same java, classpath and engine flags as this JVM, and the Vector API for the scan kernel. */
    static List<String> command(Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("-Dai.djl.offline=true");
        command.add("-Dai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads", "1"));
        String interop = System.getProperty("ai.djl.pytorch.num_interop_threads");
        if (interop != null) {
            command.add("-Dai.djl.pytorch.num_interop_threads=" + interop);
        }
        command.add("-Djava.awt.headless=true");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    private static <T> Optional<T> lastOutcome(Path stdout, String prefix, Class<T> type) throws IOException {
        T last = null;
        for (String line : text(stdout)) {
            if (line.startsWith(prefix)) {
                try {
                    last = ResultJson.compact().readValue(line.substring(prefix.length()), type);
                } catch (IOException e) {
                    // a torn last line of a killed child: the one before counts
                }
            }
        }
        return Optional.ofNullable(last);
    }

    private static String lastLine(Path stderr) throws IOException {
        List<String> lines = text(stderr).stream()
                .filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(nothing on stderr)" : lines.getLast().strip();
    }

    private static List<String> text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    }

    private static void deleteQuietly(Path... paths) {
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }
}
