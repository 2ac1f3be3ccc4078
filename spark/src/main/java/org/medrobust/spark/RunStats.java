package org.medrobust.spark;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Spark run measured, for the benchmark and the tests: how long the context took to start, how long the
 * jobs ran (first submission to last result), and per unit where it ran and how long it computed inside its task.
 */
public record RunStats(double startSeconds, double jobSeconds, List<Unit> units) {

    /** One journaled unit: its scenario and batch, the executor it ran on, its compute seconds inside the task. */
    public record Unit(String scenario, int batch, String executor, double seconds) {
    }

    /** Seconds spent computing inside tasks, summed over units. */
    public double taskSeconds() {
        return units.stream().mapToDouble(Unit::seconds).sum();
    }

    public Map<String, Long> unitsPerExecutor() {
        Map<String, Long> counts = new TreeMap<>();
        units.forEach(u -> counts.merge(u.executor(), 1L, Long::sum));
        return counts;
    }
}
