package org.medrobust.suite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.bench.BatchTiming;
import org.medrobust.reports.bench.BenchCell;
import org.medrobust.reports.bench.MemoryUse;
import org.medrobust.reports.bench.ScalingSummary;
import org.medrobust.reports.bench.ScalingSummary.Crossing;
import org.medrobust.reports.bench.ScalingSummary.FamilyScaling;

/** The scaling analysis on synthetic power laws, whose slopes and crossings are known exactly. */
class ScalingAnalysisTest {

    private static final List<Integer> SIDES = List.of(28, 64, 128, 256, 512);

    /** A cell with batch-1 latency {@code ms} and FLOPs {@code flops}; null latency = skipped. */
    private static BenchCell cell(String family, int side, Double ms, long flops) {
        BatchTiming timing = ms == null ? BatchTiming.skipped(1, "predicted too slow")
                : new BatchTiming(1, BatchTiming.MEASURED, null, 2, 5, ms, ms * 1.1, ms, 300.0);
        return new BenchCell(family, side, ms == null ? BenchCell.SKIPPED : BenchCell.COMPLETED, null, 1000,
                flops / 2, flops, null, List.of(timing), null, null, new MemoryUse(200, 300, 100), null, 1);
    }

    private static List<BenchCell> family(String name, DoubleUnaryOperator msOfPixels, double flopsPerPixel) {
        List<BenchCell> cells = new ArrayList<>();
        for (int side : SIDES) {
            double pixels = (double) side * side;
            cells.add(cell(name, side, msOfPixels.applyAsDouble(pixels), Math.round(flopsPerPixel * pixels)));
        }
        return cells;
    }

    @Test
    void slopesOfPowerLawsAreTheirExponents() {
        List<BenchCell> cells = new ArrayList<>(family("lin", p -> 0.01 * p, 1000));
        cells.addAll(family("quad", p -> 1e-6 * p * p, 500));
        cells.addAll(family("sqrt", p -> 3 * Math.sqrt(p), 10));
        ScalingSummary summary = ScalingAnalysis.of(List.of("lin", "quad", "sqrt"), cells);
        FamilyScaling lin = summary.families().get(0), quad = summary.families().get(1);
        assertThat(lin.latencySlope()).isCloseTo(1.0, within(1e-9));
        assertThat(lin.latencyTailSlope()).isCloseTo(1.0, within(1e-9));
        assertThat(lin.cpuSlope()).isCloseTo(1.0, within(1e-9));
        assertThat(quad.latencySlope()).isCloseTo(2.0, within(1e-9));
        assertThat(quad.latencyTailSlope()).isCloseTo(2.0, within(1e-9));
        assertThat(summary.families().get(2).latencySlope()).isCloseTo(0.5, within(1e-9));
        assertThat(lin.flopsSlope()).isCloseTo(1.0, within(1e-6)); // FLOPs are rounded to whole numbers
        assertThat(lin.measuredResolutions()).isEqualTo(SIDES);
    }

    @Test
    void tailSlopeUsesTheTwoLargestMeasuredResolutions() {
        // fixed overhead 5 ms + linear part: the overall slope is pulled down, the tail is nearly 1
        List<BenchCell> cells = new ArrayList<>(family("over", p -> 5 + 0.001 * p, 1));
        cells.set(4, cell("over", 512, null, 512 * 512)); // 512 skipped: the tail is 128 -> 256
        FamilyScaling f = ScalingAnalysis.of(List.of("over"), cells).families().getFirst();
        double expectedTail = Math.log((5 + 0.001 * 65536) / (5 + 0.001 * 16384)) / Math.log(4);
        assertThat(f.latencyTailSlope()).isCloseTo(expectedTail, within(1e-12));
        assertThat(f.latencySlope()).isLessThan(f.latencyTailSlope());
        assertThat(f.measuredResolutions()).containsExactly(28, 64, 128, 256);
        assertThat(f.flopsSlope()).isCloseTo(1.0, within(1e-9)); // FLOPs count the skipped cell too
    }

    @Test
    void powerLawsCrossWhereTheyAreEqual() {
        // 0.01 p = 1e-6 p^2 at p = 10 000 pixels, a side of exactly 100 px (between 64 and 128)
        List<BenchCell> cells = new ArrayList<>(family("lin", p -> 0.01 * p, 1));
        cells.addAll(family("quad", p -> 1e-6 * p * p, 1));
        Crossing c = ScalingAnalysis.of(List.of("lin", "quad"), cells).crossings().getFirst();
        assertThat(c.resolutions()).hasSize(1);
        assertThat(c.resolutions().getFirst()).isCloseTo(100.0, within(1e-9));
        assertThat(c.fasterAtSmallest()).isEqualTo("quad");
        assertThat(c.fasterAtLargest()).isEqualTo("lin");
        assertThat(c.commonResolutions()).isEqualTo(SIDES);
    }

    @Test
    void crossingOnAMeasuredResolutionAndNoCrossing() {
        Crossing exact = ScalingAnalysis.crossing("a", Map.of(64, 1.0, 128, 2.0, 256, 3.0), "b",
                Map.of(64, 2.0, 128, 2.0, 256, 2.0));
        assertThat(exact.resolutions()).containsExactly(128.0);
        Crossing none = ScalingAnalysis.crossing("a", Map.of(64, 1.0, 128, 2.0), "b", Map.of(64, 2.0, 128, 3.0,
                512, 0.1));
        assertThat(none.resolutions()).isEmpty();
        assertThat(none.commonResolutions()).containsExactly(64, 128);
        assertThat(none.fasterAtSmallest()).isEqualTo("a");
        Crossing disjoint = ScalingAnalysis.crossing("a", Map.of(64, 1.0), "b", Map.of(128, 1.0));
        assertThat(disjoint.resolutions()).isEmpty();
        assertThat(disjoint.fasterAtSmallest()).isNull();
        assertThat(ScalingAnalysis.pixelSlope(Map.of(64, 1.0))).isNull();
    }
}
