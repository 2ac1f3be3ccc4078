package org.medrobust.reports.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.medrobust.reports.bench.ScalingSummary.Crossing;
import org.medrobust.reports.bench.ScalingSummary.FamilyScaling;

/** The bench's answer in plain language: does Mamba scale linearly and ViT quadratically, and where do they cross. */
public final class ScalingVerdict {

    /** The families with a selective-scan (Mamba) token mixer. */
    public static final Set<String> MAMBA = Set.of("vim", "vmamba", "medmamba");

    private ScalingVerdict() {
    }

    /** Sentences, one per list entry. */
    public static List<String> sentences(BenchReport report) {
        List<String> out = new ArrayList<>();
        out.add("Slope = how batch-1 latency grows with the number of pixels on a log-log scale: about 1 means linear"
                + " in the token count, about 2 quadratic. 'Tail' is the slope between the two largest measured"
                + " resolutions, where fixed per-call overheads matter least.");
        for (FamilyScaling f : report.analysis().families()) {
            out.add(String.format(Locale.ROOT, "%s: latency slope %s (tail %s, CPU time %s), FLOPs slope %s, over %s."
                            + " %s", f.family(), fmt(f.latencySlope()), fmt(f.latencyTailSlope()), fmt(f.cpuSlope()),
                    fmt(f.flopsSlope()), f.measuredResolutions().isEmpty() ? "no measured resolution"
                            : f.measuredResolutions().stream().map(r -> r + " px").collect(Collectors.joining(", ")),
                    reading(f)));
        }
        for (Crossing c : report.analysis().crossings()) {
            if (!isInteresting(c)) {
                continue;
            }
            out.add(crossing(c));
        }
        out.add("Hardware: " + report.machine().accelerator() + ".");
        return out;
    }

    private static boolean isInteresting(Crossing c) {
        return MAMBA.contains(c.first()) != MAMBA.contains(c.second()) || !c.resolutions().isEmpty();
    }

    static String crossing(Crossing c) {
        if (c.commonResolutions().size() < 2) {
            return c.first() + " vs " + c.second() + ": fewer than two common measured resolutions, no crossing"
                    + " can be located.";
        }
        String range = c.commonResolutions().getFirst() + "-" + c.commonResolutions().getLast() + " px";
        if (c.resolutions().isEmpty()) {
            return String.format(Locale.ROOT, "%s vs %s: no crossing on %s; %s is faster throughout.", c.first(),
                    c.second(), range, c.fasterAtSmallest());
        }
        return String.format(Locale.ROOT, "%s vs %s: batch-1 latencies cross at about %s px (interpolated in log"
                        + " space); %s is faster at %d px, %s at %d px.", c.first(), c.second(),
                c.resolutions().stream().map(r -> String.format(Locale.ROOT, "%.0f", r))
                        .collect(Collectors.joining(", ")),
                c.fasterAtSmallest(), c.commonResolutions().getFirst(), c.fasterAtLargest(),
                c.commonResolutions().getLast());
    }

    private static String reading(FamilyScaling f) {
        Double s = f.latencyTailSlope() != null ? f.latencyTailSlope() : f.latencySlope();
        if (s == null) {
            return "Too few measurements to judge.";
        }
        if (s < 0.75) {
            return "Sub-linear so far: fixed per-call costs still dominate.";
        }
        if (s < 1.35) {
            return "About linear in the pixel count.";
        }
        if (s < 1.75) {
            return "Clearly super-linear (between linear and quadratic).";
        }
        return "About quadratic in the pixel count.";
    }

    /** Two decimals, or "n/a". */
    public static String fmt(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }
}
