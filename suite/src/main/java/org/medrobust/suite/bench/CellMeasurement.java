package org.medrobust.suite.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.djl.TorchShim;
import org.medrobust.reports.bench.BatchTiming;
import org.medrobust.reports.bench.MemoryUse;

/**
 * Times one cell inside the child JVM: builds the family's network, then per batch size (increasing) warms up and
 * times forward passes in inference mode (Mamba blocks run the Vector-API CPU scan kernel, on a GPU the CUDA scan),
 * each call on a sub-manager that is closed afterwards. Repeats are cut to what fits the time budget (at least one
 * timed call). On a GPU the input is created on the device and the logits are copied back to the host (which waits
 * for the device), and memory is the caching allocator's peak of tensor bytes on the device (torch shim), not the
 * process's resident set: the host side of a GPU cell is the same for every resolution.
 */
final class CellMeasurement {

    /** Warm-up time per batch size (calls under a second only). */
    static final double WARMUP_SECONDS = 1.5;

    private static final int MAX_WARMUP_CALLS = 40;

    private final CellRequest request;
    private final long startNanos;
    private final Consumer<CellOutcome> report;
    private TorchShim shim;
    /** Largest device peak of the batch sizes so far (cumulative, like the resident peak on the CPU). */
    private double gpuPeak;

    CellMeasurement(CellRequest request, long startNanos, Consumer<CellOutcome> report) {
        this.request = request;
        this.startNanos = startNanos;
        this.report = report;
    }

    void run() {
        DjlRuntime.ensureOfflineEngine();
        Device device = DjlDevices.use(request.device());
        shim = device.isGpu() ? TorchShim.get() : null;
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(device)) {
            manager.ones(new Shape(8, 8)).matMul(manager.ones(new Shape(8, 8))).toFloatArray(); // libtorch loaded
            double baseline = device.isGpu() ? 0 : MemoryProbe.selfRssMb().orElse(0);
            gpuPeakMb(device); // resets the device's peak
            int c = request.channels(), r = request.resolution();
            Block block = BenchModel.build(BenchModel.architecture(request.family(), r, c), manager, r, c);
            List<BatchTiming> timings = new ArrayList<>();
            for (int batch : request.batches()) {
                timings.add(time(block, manager, batch));
                report.accept(new CellOutcome(timings, memory(baseline), timings.size() == request.batches().size()));
            }
        }
    }

    private MemoryUse memory(double baseline) {
        double peak = shim != null ? gpuPeak : MemoryProbe.selfPeakRssMb().orElse(0);
        return new MemoryUse(baseline, peak, peak - baseline);
    }

    /** The device allocator's peak since the last call, in MB (then reset); 0 on the CPU or without the shim. */
    private double gpuPeakMb(Device device) {
        if (shim == null) {
            return 0;
        }
        long bytes = shim.peakAllocatedAndReset(device.getDeviceId());
        return bytes < 0 ? 0 : bytes / (1024.0 * 1024.0);
    }

    private BatchTiming time(Block block, NDManager manager, int batch) {
        int c = request.channels(), r = request.resolution();
        NDArray x = manager.randomUniform(0, 1, new Shape(batch, c, r, r));
        long warmStart = System.nanoTime();
        double last = call(block, manager, x)[0];
        int warmup = 1;
        // The JIT compiles the Vector-API scan kernel only after many calls: warm up for WARMUP_SECONDS (at least two
        // calls) unless one call is slow anyway or the budget is short.
        while (warmup < MAX_WARMUP_CALLS && last < 1000 && remainingMs() > 3 * last + 1000
                && (warmup < 2 || System.nanoTime() - warmStart < WARMUP_SECONDS * 1e9)) {
            last = call(block, manager, x)[0];
            warmup++;
        }
        double[] wall = new double[request.repeats()];
        double[] cpu = new double[request.repeats()];
        int n = 0;
        while (n < request.repeats() && (n == 0 || remainingMs() > 1.5 * wall[n - 1])) {
            double[] t = call(block, manager, x);
            wall[n] = t[0];
            cpu[n] = t[1];
            n++;
        }
        x.close();
        double[] w = Arrays.copyOf(wall, n), u = Arrays.copyOf(cpu, n);
        gpuPeak = Math.max(gpuPeak, gpuPeakMb(manager.getDevice()));
        return new BatchTiming(batch, BatchTiming.MEASURED, null, warmup, n, percentile(w, 0.5), percentile(w, 0.9),
                percentile(u, 0.5), shim != null ? gpuPeak : MemoryProbe.selfPeakRssMb().orElse(0));
    }

    /** One forward call: {wall ms, process CPU ms}. */
    private static double[] call(Block block, NDManager manager, NDArray x) {
        long cpu0 = processCpuNanos(), t0 = System.nanoTime();
        try (NDManager sub = manager.newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(sub);
            block.forward(new ParameterStore(sub, false), new NDList(input), false).head().toFloatArray();
        }
        long t1 = System.nanoTime(), cpu1 = processCpuNanos();
        return new double[] {(t1 - t0) / 1e6, (cpu1 - cpu0) / 1e6};
    }

    private double remainingMs() {
        return request.budgetSeconds() * 1000 - (System.nanoTime() - startNanos) / 1e6;
    }

    private static long processCpuNanos() {
        try {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : 0;
        } catch (NoClassDefFoundError e) { // a runtime without jdk.management (a jlink image): no CPU time column
            return 0;
        }
    }

    /** Nearest-rank percentile: the smallest value with at least {@code q} of the values at or below it. */
    static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
