package org.medrobust.suite.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.medrobust.reports.bench.BatchTiming;
import org.medrobust.reports.bench.BenchCell;

/**
 * Predicts a cell's cost before it runs, from the same family's cells at lower resolutions: time per call from the
 * FLOPs and the rate (FLOP/s) measured at the largest measured resolution; memory from the resident increase per
 * image pixel measured there, plus for attention the score matrices (tokens^2 x heads x 4 bytes x batch). Batches
 * that would not fit the limits are dropped, largest first.
 */
final class CostPredictor {

    /** Calls a batch needs at least: one warm-up and three timed ones. */
    static final int MIN_CALLS = 4;

    /** JVM and engine start of a child when nothing measured says otherwise, s. */
    static final double DEFAULT_START_SECONDS = 3;

    private static final double MB = 1024 * 1024;

    private CostPredictor() {
    }

    /**
     * The plan for one cell.
     *
     * @param run     the batches to measure (empty: skip the cell)
     * @param skipped the batches left out, each with its reason
     */
    record Plan(List<Integer> run, List<BatchTiming> skipped, BenchCell.Prediction prediction) {
    }

    static Plan plan(String family, int resolution, BenchModel.Size size, List<Integer> batches, int repeats,
                     List<BenchCell> earlier, double maxSeconds, double memoryLimitMb, String memoryLimitName) {
        Optional<BenchCell> basis = earlier.stream()
                .filter(c -> c.family().equals(family) && c.resolution() < resolution && c.memory() != null
                        && c.timings().stream().anyMatch(BatchTiming::isMeasured))
                .max(Comparator.comparingInt(BenchCell::resolution));
        double start = basis.map(CostPredictor::startSeconds).orElse(DEFAULT_START_SECONDS);
        double baselineMb = basis.map(c -> c.memory().baselineRssMb()).orElse(0.0);
        List<Integer> run = new ArrayList<>();
        List<BatchTiming> skipped = new ArrayList<>();
        double seconds = start;
        Double peakMb = null;
        for (int batch : batches.stream().sorted().toList()) {
            Double callSeconds = basis.flatMap(c -> callSeconds(c, size, batch)).orElse(null);
            double attentionMb = attentionMb(size, batch);
            Double memoryMb = basis.map(c -> baselineMb + activationMb(c, resolution, batch) + attentionMb)
                    .orElse(attentionMb > 0 ? attentionMb : null);
            int calls = Math.min(MIN_CALLS, repeats + 1);
            String reason = null;
            if (memoryMb != null && memoryMb > memoryLimitMb) {
                reason = String.format(Locale.ROOT, "predicted peak %.0f MB > %s %.0f MB (%s)", memoryMb,
                        memoryLimitName, memoryLimitMb, basisText(basis, attentionMb));
            } else if (callSeconds != null && seconds + calls * callSeconds > maxSeconds) {
                reason = String.format(Locale.ROOT, "predicted %.0f s for %d calls of %.1f s > limit %.0f s (%s)",
                        seconds + calls * callSeconds, calls, callSeconds, maxSeconds, basisText(basis, 0));
            }
            if (reason != null || !skipped.isEmpty()) {
                skipped.add(BatchTiming.skipped(batch, reason != null ? reason : "a smaller batch was skipped"));
                continue;
            }
            run.add(batch);
            seconds += callSeconds == null ? 0 : (repeats + 1) * callSeconds;
            peakMb = memoryMb;
        }
        boolean known = basis.isPresent();
        return new Plan(run, skipped, new BenchCell.Prediction(known ? Math.min(seconds, maxSeconds) : null,
                peakMb, known || peakMb != null ? basisText(basis, attentionMb(size, 1)) : "no earlier cell"));
    }

    private static String basisText(Optional<BenchCell> basis, double attentionMb) {
        String from = basis.map(c -> "scaled from " + c.resolution() + "x" + c.resolution()).orElse("no earlier cell");
        return attentionMb > 0 ? from + ", plus attention scores" : from;
    }

    /** Child seconds not spent in timed calls: JVM start, engine, model build. */
    private static double startSeconds(BenchCell cell) {
        double calls = 0;
        for (BatchTiming t : cell.timings()) {
            if (t.isMeasured()) {
                calls += (t.warmup() + t.repeats()) * t.medianMs() / 1000;
            }
        }
        return Math.max(1, cell.seconds() - calls);
    }

    /** Seconds of one call at {@code batch}, at the FLOP rate measured at that batch (else batch 1's). */
    static Optional<Double> callSeconds(BenchCell basis, BenchModel.Size size, int batch) {
        Optional<BatchTiming> timing = basis.measured(batch).or(() -> basis.measured(1));
        return timing.map(t -> {
            double rate = (double) basis.flops() * t.batch() / (t.medianMs() / 1000); // FLOP/s
            return (double) size.flops() * batch / rate;
        });
    }

    /** The basis's resident increase per image pixel, scaled to {@code batch} images of {@code resolution}. */
    static double activationMb(BenchCell basis, int resolution, int batch) {
        BatchTiming largest = basis.timings().stream().filter(BatchTiming::isMeasured)
                .max(Comparator.comparingInt(BatchTiming::batch)).orElseThrow();
        double increase = Math.max(0, largest.peakRssMb() - basis.memory().baselineRssMb());
        double perPixel = increase / ((double) largest.batch() * basis.pixels());
        return perPixel * batch * (double) resolution * resolution;
    }

    /** Attention score memory: tokens^2 x heads x 4 bytes x batch, MB (0 without attention). */
    static double attentionMb(BenchModel.Size size, int batch) {
        if (size.attentionHeads() == 0 || size.tokens() == null) {
            return 0;
        }
        double tokens = size.tokens();
        return tokens * tokens * size.attentionHeads() * 4.0 * batch / MB;
    }
}
