package org.medrobust.suite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.bench.BatchTiming;
import org.medrobust.reports.bench.BenchCell;
import org.medrobust.reports.bench.MemoryUse;

/** Cost prediction: time from the measured FLOP rate, memory from the measured increase per pixel and attention. */
class CostPredictorTest {

    /** 64 px, 1 GFLOP per image: batch 1 in 100 ms, batch 32 in 1 s; 100 MB baseline, 420 MB peak at batch 32. */
    private static final BenchCell BASIS = new BenchCell("vit", 64, BenchCell.COMPLETED, null, 1000, 500_000_000L,
            1_000_000_000L, 256, List.of(
            new BatchTiming(1, BatchTiming.MEASURED, null, 2, 5, 100.0, 110.0, 100.0, 150.0),
            new BatchTiming(32, BatchTiming.MEASURED, null, 1, 5, 1000.0, 1100.0, 1000.0, 420.0)), 32.0, 32,
            new MemoryUse(100, 420, 320), null, 3 + 2 * 0.7 + 6);

    @Test
    void scalesTimeAndMemoryAndSkipsWhatDoesNotFit() {
        // 128 px: 4x the FLOPs -> 0.4 s per batch-1 call, 4 s per batch-32 call; memory 100 + 4 * 320 MB at b32
        BenchModel.Size size = new BenchModel.Size(1000, 2_000_000_000L, 1024, 0);
        CostPredictor.Plan fits = CostPredictor.plan("vit", 128, size, List.of(1, 32), 5, List.of(BASIS), 120, 8192,
                "budget");
        assertThat(fits.run()).containsExactly(1, 32);
        assertThat(fits.prediction().peakRssMb()).isEqualTo(100 + 4 * 320.0);
        assertThat(CostPredictor.callSeconds(BASIS, size, 32)).hasValue(4.0);

        CostPredictor.Plan tight = CostPredictor.plan("vit", 128, size, List.of(1, 32), 5, List.of(BASIS), 120, 1000,
                "budget");
        assertThat(tight.run()).containsExactly(1);
        assertThat(tight.skipped()).singleElement().satisfies(t -> {
            assertThat(t.batch()).isEqualTo(32);
            assertThat(t.reason()).startsWith("predicted peak 1380 MB > budget 1000 MB");
        });

        CostPredictor.Plan slow = CostPredictor.plan("vit", 128, size, List.of(1, 32), 5, List.of(BASIS), 10, 8192,
                "budget");
        assertThat(slow.run()).containsExactly(1);
        assertThat(slow.skipped().getFirst().reason()).contains("> limit 10 s");
    }

    @Test
    void attentionMemoryAloneCanSkipACellWithoutEarlierMeasurements() {
        // 16 384 tokens, 4 heads: 16384^2 * 4 * 4 bytes = 4096 MB per image
        BenchModel.Size size = new BenchModel.Size(1000, 1, 16384, 4);
        assertThat(CostPredictor.attentionMb(size, 1)).isEqualTo(4096.0);
        CostPredictor.Plan plan = CostPredictor.plan("vit", 512, size, List.of(1, 32), 5, List.of(), 120, 8192,
                "budget");
        assertThat(plan.run()).containsExactly(1);
        assertThat(plan.skipped().getFirst().reason()).contains("attention scores");
        assertThat(CostPredictor.plan("vit", 512, size, List.of(1), 5, List.of(), 120, 2000, "budget").run())
                .isEmpty();
    }
}
