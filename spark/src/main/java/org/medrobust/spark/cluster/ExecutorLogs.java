package org.medrobust.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What went wrong inside a standalone cluster's executors, read from the logs a worker keeps of them
 * ({@code work-N/app-ID/EXECUTOR/stderr}, and a JVM crash file {@code hs_err_pid*.log} in the same folder, which is
 * the executor's working directory). A benchmark row prints this beside its numbers.
 *
 * <p>Why: Spark survives these problems and so hides them. A class missing in an executor's block server (the cut
 * class path of {@code scripts/gpu-spark-bench.sh}: a path its one-executor trace never took) makes every other
 * executor's fetch of a broadcast from it fail, and Spark retries it 3 times 5 s apart per holder
 * ({@code spark.shuffle.io.maxRetries}, {@code spark.shuffle.io.retryWait}) before it asks the driver: the run stays
 * correct, but executors wait tens of seconds per broadcast while the machine idles. That was the 4-worker run on
 * the GPU machine that did 38/40/1/1 units (docs/spark.md).
 */
public final class ExecutorLogs {

    /** A problem's name and the text that marks it in a log line. */
    private static final Map<String, String> PROBLEMS = new LinkedHashMap<>();

    static {
        PROBLEMS.put("missing class", "NoClassDefFoundError");
        PROBLEMS.put("failed block fetch", "Failed to fetch remote block");
        PROBLEMS.put("task failure", "Exception in task");
        PROBLEMS.put("out of memory", "java.lang.OutOfMemoryError");
    }

    private ExecutorLogs() {
    }

    /**
     * Per problem, how many log lines show it, over every executor log under {@code home} (a
     * {@link LocalStandaloneCluster#home()}); "JVM crash" counts crash files. Problems not seen are absent.
     */
    public static Map<String, Integer> problems(Path home) {
        Map<String, Integer> found = new LinkedHashMap<>();
        for (Path log : files(home, "stderr")) {
            try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                lines.forEach(line -> PROBLEMS.forEach((name, marker) -> {
                    if (line.contains(marker)) {
                        found.merge(name, 1, Integer::sum);
                    }
                }));
            } catch (IOException | UncheckedIOException e) {
                found.merge("unreadable log", 1, Integer::sum);
            }
        }
        int crashes = (int) files(home, null).stream()
                .filter(p -> p.getFileName().toString().matches("hs_err_pid\\d+\\.log")).count();
        if (crashes > 0) {
            found.put("JVM crash", crashes);
        }
        return found;
    }

    /** "none", or e.g. "27 missing class, 6 failed block fetch". */
    public static String summary(Map<String, Integer> problems) {
        return problems.isEmpty() ? "none" : problems.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    /** The files in executors' folders ({@code work-N/app-ID/EXECUTOR/}), those named {@code name} if not null. */
    private static List<Path> files(Path home, String name) {
        try (Stream<Path> all = Files.exists(home) ? Files.walk(home, 4) : Stream.empty()) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> home.relativize(p).getNameCount() == 4 && home.relativize(p).getName(0).toString()
                            .startsWith("work-"))
                    .filter(p -> name == null || p.getFileName().toString().equals(name))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the executor logs under " + home, e);
        }
    }
}
