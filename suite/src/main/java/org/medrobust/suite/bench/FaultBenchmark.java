package org.medrobust.suite.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.medrobust.attacks.fault.FaultModel.FaultInjection;
import org.medrobust.attacks.fault.weights.RandomBitFlips;
import org.medrobust.attacks.fault.weights.WeightDigest;
import org.medrobust.attacks.fault.weights.WeightFaultInjection;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.djl.SuffixForward;

/**
 * Single-bit-flip trials per minute: per trial, flip one uniformly random bit of one uniformly random weight,
 * predict the batch, restore (and check the restored tensor bit for bit). Each thread runs its own copy of the model
 * (libtorch one intra-op thread each), so threads scale over cores without sharing weights. The fault-free forward
 * pass is timed alone too, to split a trial's cost into evaluation and injection. With {@code suffixOnly}, a DJL
 * model re-runs only the steps after the faulted tensor from cached fault-free activations ({@link SuffixForward}).
 * Each thread runs one untimed pass first, so the clock does not measure its allocator arena growing.
 */
public final class FaultBenchmark {

    /** What one run measured. */
    public record Result(String model, long parameters, int images, int threads, int trials, double seconds,
            double cpuSeconds, double forwardMillis, int changedTrials, int earlyExits, double cacheMillis, boolean restored) {

        public double trialsPerMinute() {
            return trials * 60.0 / seconds;
        }

        /**
         * Trials per minute on {@code cores} dedicated cores, from the CPU time the trial threads used: what the wall
         * clock would show on an idle machine, whatever else shares this one.
         */
        public double trialsPerMinuteOn(int cores) {
            return trials * 60.0 / cpuSeconds * cores;
        }

        /** CPU milliseconds per trial (flip, forward, restore, verify), to set against the forward alone. */
        public double cpuMillisPerTrial() {
            return cpuSeconds * 1000 / trials;
        }
    }

    /** libtorch runs each op on the calling thread (one intra-op thread), so thread CPU time covers the forward. */
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private FaultBenchmark() {
    }

    /** As {@link #run(String, Supplier, ImageBatch, int, double, boolean, int)} without a trial cap. */
    public static Result run(String id, Supplier<Classifier> load, ImageBatch images, int threads, double seconds,
            boolean suffixOnly) throws Exception {
        return run(id, load, images, threads, seconds, suffixOnly, 0);
    }

    /**
     * @param suffixOnly re-run only the stages after the faulted tensor ({@link SuffixForward}) where possible
     * @param maxTrials  stop each thread after this many trials (0: none), so that two builds run the same seeded
     *                   faults and their CPU time per trial compares without the draw of the faults in between
     */
    public static Result run(String id, Supplier<Classifier> load, ImageBatch images, int threads, double seconds,
            boolean suffixOnly, int maxTrials) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<int[]>> parts = new ArrayList<>();
            List<Classifier> models = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                models.add(load.get());
            }
            Classifier first = models.getFirst();
            WritableWeights weights = first.capability(WritableWeights.class).orElseThrow();
            long parameters = weights.tensors().stream().mapToLong(w -> {
                long n = 1;
                for (long d : w.shape()) {
                    n *= d;
                }
                return n;
            }).sum();
            String golden = WeightDigest.sha256(weights);
            Logits clean = first.predict(images); // also warms the engine up
            long f0 = System.nanoTime();
            int forwardRuns = 3;
            for (int i = 0; i < forwardRuns; i++) {
                first.predict(images);
            }
            double forwardMillis = (System.nanoTime() - f0) / 1e6 / forwardRuns;
            // the fault-free stage inputs are cached once per model and batch before the clock starts (a campaign
            // pays this once per batch, for all its trials); their cost is reported as cacheMillis
            List<SuffixForward> suffixes = new ArrayList<>();
            long c0 = System.nanoTime();
            for (Classifier model : models) {
                suffixes.add(suffixOnly && model instanceof DjlClassifier djl ? djl.suffixForward(images) : null);
            }
            double cacheMillis = (System.nanoTime() - c0) / 1e6 / threads;
            // each thread warms its own pass up (its allocator arena's pages) before the clock starts for all
            long[] clock = new long[2]; // start, deadline
            java.util.concurrent.CyclicBarrier warm = new java.util.concurrent.CyclicBarrier(threads, () -> {
                clock[0] = System.nanoTime();
                clock[1] = clock[0] + (long) (seconds * 1e9);
            });
            String firstTensor = weights.tensors().getFirst().name();
            for (int t = 0; t < threads; t++) {
                Classifier model = models.get(t);
                SuffixForward suffix = suffixes.get(t);
                SplittableRandom random = new SplittableRandom(1000 + t);
                parts.add(pool.submit(() -> {
                    Logits ignored = suffix == null ? model.predict(images) : suffix.predictAfterChange(firstTensor);
                    warm.await();
                    return trials(model, images, clean, random, clock[1], maxTrials, suffix);
                }));
            }
            int trials = 0;
            int changed = 0;
            double cpuSeconds = 0;
            int earlyExits = 0;
            for (Future<int[]> part : parts) {
                int[] counts = part.get();
                trials += counts[0];
                changed += counts[1];
                cpuSeconds += counts[2] / 1e6;
                earlyExits += counts[3];
            }
            double elapsed = (System.nanoTime() - clock[0]) / 1e9;
            boolean restored = models.stream()
                    .allMatch(m -> WeightDigest.sha256(m.capability(WritableWeights.class).orElseThrow()).equals(golden));
            models.forEach(Classifier::close);
            return new Result(id, parameters, images.size(), threads, trials, elapsed, cpuSeconds, forwardMillis,
                    changed, earlyExits, cacheMillis, restored);
        } finally {
            pool.shutdown();
        }
    }

    /**
     * {trials, trials that changed any top-1 prediction or gave non-finite logits, CPU microseconds used, suffix passes
     * that stopped early}.
     */
    private static int[] trials(Classifier model, ImageBatch images, Logits clean, SplittableRandom random,
            long deadline, int maxTrials, SuffixForward suffix) {
        RandomBitFlips flip = new RandomBitFlips("bench_single_bit", 0, 1, -1, 0);
        int trials = 0;
        int changed = 0;
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        while (System.nanoTime() < deadline && (maxTrials == 0 || trials < maxTrials)) {
            Logits faulty;
            try (FaultInjection fault = flip.inject(model, random)) {
                faulty = suffix == null ? model.predict(images)
                        : suffix.predictAfterChange(((WeightFaultInjection) fault).weightSites().getFirst().tensor());
            }
            trials++;
            for (int i = 0; i < faulty.rows(); i++) {
                if (faulty.hasNonFinite(i) || faulty.argmax(i) != clean.argmax(i)) {
                    changed++;
                    break;
                }
            }
        }
        int earlyExits = 0;
        if (suffix != null) {
            earlyExits = suffix.earlyExits();
            suffix.close();
        }
        return new int[] {trials, changed, (int) ((THREADS.getCurrentThreadCpuTime() - cpu0) / 1000), earlyExits};
    }
}
