package org.medrobust.spark.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.suite.run.CampaignIdentity;
import org.medrobust.suite.run.Journal;

/**
 * The Spark driver's serial path at saturation, i.e. when results arrive faster than it journals them (E above E*,
 * docs/spark.md): every unit of a finished run, as the JSON an executor sends, is parsed and appended to a fresh
 * journal, each unit committed alone (as before group commit) or in groups of G with one write and one fsync. Prints
 * wall and CPU milliseconds per unit of the driver thread. A replay, not a Spark run: it isolates the driver's cost
 * per unit d from the executors, which on this shared 2-core machine cannot produce results fast enough to saturate
 * it.
 */
final class DriverReplay {

    private static final TypeReference<List<SampleOutcome>> OUTCOMES = new TypeReference<>() {
    };

    private record Unit(String scenario, int batch, double seconds, String outcomesJson) {
    }

    private DriverReplay() {
    }

    static void print(Path journalOfRun, int rounds, int... groups) throws IOException {
        List<Unit> units = new ArrayList<>();
        for (String line : Files.readAllLines(journalOfRun)) {
            JsonNode entry = ResultJson.compact().readTree(line);
            if ("batch".equals(entry.path("type").asText())) {
                List<SampleOutcome> outcomes = ResultJson.compact().convertValue(entry.get("outcomes"), OUTCOMES);
                units.add(new Unit(entry.get("scenario").asText(), entry.get("batch").asInt(),
                        entry.get("seconds").asDouble(), ResultJson.compact().writeValueAsString(outcomes)));
            }
        }
        List<String> plan = units.stream().map(Unit::scenario).distinct().toList();
        System.out.printf(Locale.ROOT, "driver replay: %d units of %s, %d rounds (median)%n", units.size(),
                journalOfRun, rounds);
        System.out.println("| units per commit (at most) | commits | driver wall ms/unit | driver CPU ms/unit |");
        System.out.println("|---|---|---|---|");
        double[][] wall = new double[groups.length][rounds];
        double[][] cpu = new double[groups.length][rounds];
        long[] commits = new long[groups.length];
        for (int r = 0; r < rounds; r++) {
            for (int g = 0; g < groups.length; g++) { // interleaved, so load swings hit every group size alike
                double[] measured = replay(units, plan, groups[g]);
                wall[g][r] = measured[0];
                cpu[g][r] = measured[1];
                commits[g] = (long) measured[2];
            }
        }
        for (int g = 0; g < groups.length; g++) {
            System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.2f |%n", groups[g], commits[g],
                    median(wall[g]) / units.size(), median(cpu[g]) / units.size());
        }
    }

    /** Wall ms, CPU ms and commits for journaling every unit, {@code group} at most per commit. */
    private static double[] replay(List<Unit> units, List<String> plan, int group) throws IOException {
        Path dir = Files.createTempDirectory("medrobust-driver-replay-");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Journal journal = Journal.open(dir, new CampaignIdentity("replay", "replay", List.of()), plan)) {
            long commitsBefore = journal.commits();
            long wall = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            for (int from = 0; from < units.size(); from += group) {
                List<Unit> chunk = units.subList(from, Math.min(units.size(), from + group));
                journal.group(() -> chunk.forEach(u -> journal.appendBatch(u.scenario(), u.batch(), u.seconds(),
                        parse(u.outcomesJson()))));
            }
            return new double[] {(System.nanoTime() - wall) / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6,
                journal.commits() - commitsBefore};
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static List<SampleOutcome> parse(String json) {
        try {
            return ResultJson.compact().readValue(json, OUTCOMES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
