package org.medrobust.models.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place that starts DJL: always offline (no model-zoo downloads, no telemetry call home) and on the
 * PyTorch engine. Every DJL user in the product calls {@link #ensureOfflineEngine()} before touching the engine.
 */
public final class DjlRuntime {

    public static final String ENGINE = "PyTorch";

    /** DJL's PyTorch engine allows one live GradientCollector per JVM; every gradient user serialises on this. */
    private static final ReentrantLock GRADIENT_LOCK = new ReentrantLock();

    private DjlRuntime() {
    }

    /** Sets the offline properties (before the engine's first use they take effect) and returns the engine. */
    public static synchronized Engine ensureOfflineEngine() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        // An explicit setting wins. Otherwise one thread: the models here are small, and on 2 cores the default
        // campaign took 5.3 s with one libtorch thread against 7.7 s with two (report.json identical either way).
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        GlibcMalloc.keepFreedMemory();
        return Engine.getEngine(ENGINE);
    }

    /**
     * Runs {@code work} with the JVM's only gradient collector, holding the gradient lock. Gradients left on
     * parameters by earlier calls are zeroed first, since PyTorch accumulates them across backward calls; the ones
     * {@code work} computes stay until the next call (a trainer steps on them after this returns).
     */
    public static <T> T withGradients(Function<GradientCollector, T> work) {
        Engine engine = ensureOfflineEngine();
        GRADIENT_LOCK.lock();
        try (GradientCollector collector = engine.newGradientCollector()) {
            collector.zeroGradients();
            return work.apply(collector);
        } finally {
            GRADIENT_LOCK.unlock();
        }
    }

    /**
     * Runs {@code work} with autograd off on this thread, then puts the thread's mode back. PyTorch's grad mode is
     * per thread and DJL turns it off only on the thread that started the engine: on any other thread (a pool, a
     * benchmark worker) an inference pass over trainable parameters would record an autograd graph, keeping every
     * intermediate for a backward that never comes (measured 2-3x the forward's CPU time on cnn_phantom). The values
     * computed are the same.
     */
    public static <T> T withoutGradients(Supplier<T> work) {
        boolean was = JniUtils.isGradMode();
        if (was) {
            JniUtils.setGradMode(false);
        }
        try {
            return work.get();
        } finally {
            if (was) {
                JniUtils.setGradMode(true);
            }
        }
    }
}
