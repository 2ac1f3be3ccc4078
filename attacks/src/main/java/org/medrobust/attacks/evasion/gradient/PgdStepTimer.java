package org.medrobust.attacks.evasion.gradient;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Classifier;

/**
 * Times one PGD L-inf step as {@link Pgd} takes it (cross-entropy gradient of the whole batch, sign step,
 * projection), on seeded uniform images with no image leaving the batch: the unit a campaign's attack cost is made
 * of (steps x restarts x batches).
 */
public final class PgdStepTimer {

    private PgdStepTimer() {
    }

    /** Median seconds per step over {@code repeats} timed steps after {@code warmup} untimed ones. */
    public static double secondsPerStep(Classifier model, int batchSize, int warmup, int repeats) {
        return secondsPerStep(model, batchSize, warmup, repeats, System::nanoTime);
    }

    /** The same, read from {@code clock} (nanoseconds; tests pass a model-driven one). */
    public static double secondsPerStep(Classifier model, int batchSize, int warmup, int repeats, LongSupplier clock) {
        ImageShape shape = model.inputShape();
        SplittableRandom random = new SplittableRandom(1);
        float[] clean = new float[batchSize * shape.pixels()];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = (float) random.nextDouble();
        }
        int[] labels = new int[batchSize];
        int[] all = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            all[i] = i;
            labels[i] = i % model.classNames().size();
        }
        GradientOracle oracle = GradientOracle.of(model);
        float[] x = clean.clone();
        double eps = 8 / 255.0;
        int stride = shape.pixels();
        double[] times = new double[repeats];
        for (int r = -warmup; r < repeats; r++) {
            long start = clock.getAsLong();
            GradientOracle.Step step = oracle.crossEntropy(x, all, labels);
            for (int i = 0; i < batchSize; i++) {
                Norm.LINF.ascend(x, i * stride, step.gradient(), i * stride, stride, eps / 4);
                Norm.LINF.project(x, clean, i * stride, stride, eps);
            }
            if (r >= 0) {
                times[r] = (clock.getAsLong() - start) / 1e9;
            }
        }
        Arrays.sort(times);
        return times[repeats / 2];
    }
}
