package org.medrobust.suite.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.medrobust.reports.bench.BatchTiming;
import org.medrobust.reports.bench.BenchCell;
import org.medrobust.reports.bench.BenchReport;
import org.medrobust.reports.bench.BenchSettings;
import org.medrobust.reports.bench.MemoryUse;

/**
 * Runs a bench: per family, per resolution (increasing), the network's size and FLOPs here, a cost prediction, then
 * the timings and memory in a child JVM; one progress line per cell on {@code progress}.
 */
public final class BenchRunner {

    private final BenchSettings settings;
    private final PrintWriter progress;
    private final String device;

    public BenchRunner(BenchSettings settings, PrintWriter progress) {
        this(settings, progress, "cpu");
    }

    /** A bench whose cells run on {@code device}: {@code cpu}, or {@code gpu} (resolved by the caller). */
    public BenchRunner(BenchSettings settings, PrintWriter progress, String device) {
        this.settings = settings;
        this.progress = progress;
        this.device = device;
    }

    public BenchReport run() {
        var machine = MachineInfo.describe(device);
        progress.printf(Locale.ROOT, "bench: %d cores (%s), load average %.1f, libtorch %s with %d thread(s), scan "
                        + "kernel %s; limits %.0f s and %.1f GB per cell%n", machine.cores(), machine.cpuModel(),
                machine.loadAverage(), machine.libtorchVersion(), machine.libtorchThreads(), machine.scanKernel(),
                settings.maxSecondsPerCell(), settings.maxMemoryGb());
        progress.flush();
        List<BenchCell> cells = new ArrayList<>();
        CellLauncher launcher = new CellLauncher(settings.maxSecondsPerCell(), settings.maxMemoryGb() * 1024);
        for (String family : settings.models()) {
            for (int resolution : settings.resolutions().stream().sorted().toList()) {
                BenchCell cell;
                try {
                    cell = cell(family, resolution, cells, launcher);
                } catch (RuntimeException e) { // one cell's bug or engine error must not lose the others
                    cell = new BenchCell(family, resolution, BenchCell.FAILED, e.getClass().getSimpleName() + ": "
                            + e.getMessage(), 0, 0, 0, null, List.of(), null, null, null, null, 0);
                }
                cells.add(cell);
                progress.println(ProgressLine.of(cell));
                progress.flush();
            }
        }
        return new BenchReport(BenchReport.SCHEMA, machine, settings, cells,
                ScalingAnalysis.of(settings.models(), cells));
    }

    private BenchCell cell(String family, int resolution, List<BenchCell> earlier, CellLauncher launcher) {
        BenchModel.Size size = BenchModel.size(family, resolution, settings.channels());
        double budgetMb = settings.maxMemoryGb() * 1024;
        double machineMb = MemoryProbe.availableMb().orElse(Double.MAX_VALUE) - CellLauncher.RESERVE_MB;
        CostPredictor.Plan plan = machineMb < budgetMb
                ? CostPredictor.plan(family, resolution, size, settings.batches(), settings.repeats(), earlier,
                settings.maxSecondsPerCell(), machineMb, "memory available on the machine")
                : CostPredictor.plan(family, resolution, size, settings.batches(), settings.repeats(), earlier,
                settings.maxSecondsPerCell(), budgetMb, "budget");
        if (plan.run().isEmpty()) {
            return assemble(family, resolution, size, plan.skipped(), null, plan, BenchCell.SKIPPED,
                    plan.skipped().getFirst().reason(), 0);
        }
        CellRequest request = new CellRequest(family, resolution, settings.channels(), plan.run(),
                settings.repeats(), Math.max(1, settings.maxSecondsPerCell() - 2), device);
        CellLauncher.Run run = launcher.run(request);
        List<BatchTiming> timings = new ArrayList<>(run.outcome().map(o -> o.timings()).orElse(List.of()));
        for (int batch : plan.run()) {
            if (timings.stream().noneMatch(t -> t.batch() == batch)) {
                timings.add(BatchTiming.skipped(batch, run.stopped() != null ? run.stopped() : "not run"));
            }
        }
        timings.addAll(plan.skipped());
        timings.sort(Comparator.comparingInt(BatchTiming::batch));
        MemoryUse memory = run.outcome().map(CellOutcome::memory).orElse(null);
        boolean anyMeasured = timings.stream().anyMatch(BatchTiming::isMeasured);
        boolean allMeasured = timings.stream().allMatch(BatchTiming::isMeasured);
        String status = allMeasured ? BenchCell.COMPLETED : anyMeasured ? BenchCell.PARTIAL
                : run.stopped() != null && !run.limit() ? BenchCell.FAILED : BenchCell.SKIPPED;
        String reason = allMeasured ? null : run.stopped() != null ? run.stopped()
                : timings.stream().filter(t -> !t.isMeasured()).map(t -> "batch " + t.batch() + ": " + t.reason())
                .findFirst().orElse(null);
        return assemble(family, resolution, size, timings, memory, plan, status, reason, run.seconds());
    }

    private static BenchCell assemble(String family, int resolution, BenchModel.Size size, List<BatchTiming> timings,
                                      MemoryUse memory, CostPredictor.Plan plan, String status, String reason,
                                      double seconds) {
        Optional<BatchTiming> largest = timings.stream().filter(BatchTiming::isMeasured)
                .max(Comparator.comparingInt(BatchTiming::batch));
        Double throughput = largest.map(t -> t.batch() / (t.medianMs() / 1000)).orElse(null);
        return new BenchCell(family, resolution, status, reason, size.parameters(), size.multiplyAdds(),
                size.flops(), size.tokens(), timings, throughput, largest.map(BatchTiming::batch).orElse(null),
                memory, plan.prediction(), seconds);
    }
}
