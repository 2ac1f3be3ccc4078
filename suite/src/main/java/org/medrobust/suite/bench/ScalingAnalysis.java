package org.medrobust.suite.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.medrobust.reports.bench.BatchTiming;
import org.medrobust.reports.bench.BenchCell;
import org.medrobust.reports.bench.ScalingSummary;
import org.medrobust.reports.bench.ScalingSummary.Crossing;
import org.medrobust.reports.bench.ScalingSummary.FamilyScaling;

/**
 * Log-log slopes of cost against the number of pixels, per family, and where two families' batch-1 latency curves
 * cross. A slope of about 1 means the cost grows linearly with the pixel (token) count, about 2 quadratically.
 */
public final class ScalingAnalysis {

    private ScalingAnalysis() {
    }

    /** The analysis of {@code cells}, families in the order given. */
    public static ScalingSummary of(List<String> families, List<BenchCell> cells) {
        List<FamilyScaling> scaling = new ArrayList<>();
        for (String family : families) {
            scaling.add(family(family, cells));
        }
        List<Crossing> crossings = new ArrayList<>();
        for (int i = 0; i < families.size(); i++) {
            for (int j = i + 1; j < families.size(); j++) {
                crossings.add(crossing(families.get(i), batchOneLatency(families.get(i), cells), families.get(j),
                        batchOneLatency(families.get(j), cells)));
            }
        }
        return new ScalingSummary(scaling, crossings);
    }

    static FamilyScaling family(String family, List<BenchCell> cells) {
        TreeMap<Integer, Double> latency = batchOneLatency(family, cells);
        TreeMap<Integer, Double> cpu = series(family, cells, c -> c.measured(1).map(BatchTiming::cpuMs).orElse(null));
        TreeMap<Integer, Double> flops = series(family, cells, c -> c.flops() > 0 ? (double) c.flops() : null);
        Double tail = null;
        if (latency.size() >= 2) {
            TreeMap<Integer, Double> lastTwo = new TreeMap<>();
            lastTwo.put(latency.lastKey(), latency.lastEntry().getValue());
            lastTwo.put(latency.lowerKey(latency.lastKey()), latency.lowerEntry(latency.lastKey()).getValue());
            tail = pixelSlope(lastTwo);
        }
        return new FamilyScaling(family, pixelSlope(latency), tail, pixelSlope(cpu), pixelSlope(flops),
                List.copyOf(latency.keySet()));
    }

    static TreeMap<Integer, Double> batchOneLatency(String family, List<BenchCell> cells) {
        return series(family, cells, c -> c.measured(1).map(BatchTiming::medianMs).orElse(null));
    }

    private static TreeMap<Integer, Double> series(String family, List<BenchCell> cells,
                                                   Function<BenchCell, Double> value) {
        TreeMap<Integer, Double> out = new TreeMap<>();
        for (BenchCell cell : cells) {
            Double v = cell.family().equals(family) ? value.apply(cell) : null;
            if (v != null && v > 0) {
                out.put(cell.resolution(), v);
            }
        }
        return out;
    }

    /**
     * Least-squares slope of log(value) on log(pixels) = log(side^2); null with fewer than two points.
     *
     * @param bySide value per image side
     */
    public static Double pixelSlope(Map<Integer, Double> bySide) {
        if (bySide.size() < 2) {
            return null;
        }
        double[] x = logs(bySide.keySet().stream().mapToDouble(side -> (double) side * side).toArray());
        double[] y = logs(bySide.values().stream().mapToDouble(Double::doubleValue).toArray());
        return leastSquaresSlope(x, y);
    }

    static double leastSquaresSlope(double[] x, double[] y) {
        double mx = mean(x), my = mean(y);
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double[] logs(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.log(values[i]);
        }
        return out;
    }

    /**
     * Where two latency curves (value per image side) cross on their common sides: for each pair of neighbouring
     * common sides where log(a / b) changes sign, the side at which the straight line between them in (log side,
     * log latency) has a = b; a common side with exactly equal values is a crossing itself.
     */
    public static Crossing crossing(String first, Map<Integer, Double> a, String second, Map<Integer, Double> b) {
        List<Integer> common = a.keySet().stream().filter(b::containsKey).sorted().toList();
        List<Double> at = new ArrayList<>();
        for (int i = 0; i < common.size(); i++) {
            int side = common.get(i);
            double d = Math.log(a.get(side)) - Math.log(b.get(side));
            if (d == 0) {
                at.add((double) side);
                continue;
            }
            if (i + 1 < common.size()) {
                int next = common.get(i + 1);
                double dNext = Math.log(a.get(next)) - Math.log(b.get(next));
                if (dNext != 0 && Math.signum(d) != Math.signum(dNext)) {
                    double t = d / (d - dNext);
                    at.add(Math.exp(Math.log(side) + t * (Math.log(next) - Math.log(side))));
                }
            }
        }
        String fasterSmall = common.isEmpty() ? null : faster(first, a, second, b, common.getFirst());
        String fasterLarge = common.isEmpty() ? null : faster(first, a, second, b, common.getLast());
        return new Crossing(first, second, at, fasterSmall, fasterLarge, common);
    }

    private static String faster(String first, Map<Integer, Double> a, String second, Map<Integer, Double> b,
                                 int side) {
        double x = a.get(side), y = b.get(side);
        return x < y ? first : y < x ? second : "equal";
    }
}
