package org.medrobust.suite.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.perturbations.PerturbationCatalog;

/**
 * Corruption speed: each corruption applied to every image at every severity on one thread, after a warm-up pass
 * on a few images (JIT), timed with {@link System#nanoTime()} and the thread's CPU time. Throughput = images x
 * severities / seconds.
 */
public final class CorruptionBench {

    /** One corruption's result: wall-clock and this thread's CPU seconds (robust to a loaded machine). */
    public record Row(String id, int images, int severities, double seconds, double cpuSeconds) {

        public double imagesPerSecond() {
            return images * severities / seconds;
        }

        public double imagesPerCpuSecond() {
            return images * severities / cpuSeconds;
        }
    }

    private CorruptionBench() {
    }

    public static List<Row> run(List<String> ids, List<Image> images, long seed) {
        List<Row> rows = new ArrayList<>();
        for (String id : ids) {
            List<Perturbation> levels = PerturbationCatalog.allSeverities(id);
            SplittableRandom random = new SplittableRandom(seed);
            for (Perturbation p : levels) {
                for (int i = 0; i < Math.min(20, images.size()); i++) {
                    p.apply(images.get(i), random.split());
                }
            }
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (Perturbation p : levels) {
                for (Image image : images) {
                    p.apply(image, random.split());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            rows.add(new Row(id, images.size(), levels.size(), seconds, cpuSeconds));
        }
        return rows;
    }
}
