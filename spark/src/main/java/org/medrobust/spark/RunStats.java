package org.medrobust.spark;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Spark run measured, for the benchmark and the tests: how long the context took to start, how long the
 * jobs ran (first submission to last result), how long the driver spent taking results in (parsing and
 * journaling, fsync included: the serial part; wall and the driver thread's CPU time), in how many journal commits
 * (group commit: one fsync per group), and per unit where it ran and how long it computed inside its task.
 */
public record RunStats(double startSeconds, double jobSeconds, double driverSeconds, double driverCpuSeconds,
        long commits, List<Unit> units) {

    /**
     * One journaled unit: its scenario and batch, the executor it ran on, its compute seconds inside the task, and
     * when the driver had it, in seconds since the first job was submitted.
     */
    public record Unit(String scenario, int batch, String executor, double seconds, double arrived) {
    }

    /**
     * Overhead per unit once every executor is warm: the executors' time between the first {@code executors}
     * arrivals and the last one, less the compute inside the tasks that finished in it, per such unit. Leaves out
     * executor start and model loading (a one-off per executor) that the whole-run figure includes.
     */
    public double steadyOverheadSeconds(int executors) {
        List<Unit> byArrival = units.stream().sorted(java.util.Comparator.comparingDouble(Unit::arrived)).toList();
        if (byArrival.size() <= executors) {
            return Double.NaN;
        }
        List<Unit> later = byArrival.subList(executors, byArrival.size());
        double window = byArrival.getLast().arrived() - byArrival.get(executors - 1).arrived();
        return (window * executors - later.stream().mapToDouble(Unit::seconds).sum()) / later.size();
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
