package org.medrobust.models.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
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
            zeroGradients(engine);
            return work.apply(collector);
        } finally {
            GRADIENT_LOCK.unlock();
        }
    }

    /**
     * Zeroes every gradient buffer in the JVM's PyTorch engine, as DJL's {@code GradientCollector.zeroGradients()}
     * does ({@code g.subi(g)} on each array that requires a gradient), without its native leak: DJL reads each
     * gradient twice through {@code getGradient()}, which returns a new handle attached to the parameter's manager,
     * and for a parameter that has no gradient buffer yet (every parameter of the other models loaded in the JVM)
     * fresh zeros of the parameter's size; both stay until that model is closed. With the default campaign's five
     * models loaded that was about 16 MB of native memory per gradient call while the CNN was attacked, about 190 MB
     * per PGD scenario (docs/default-campaign.md, "Memory"). Here a parameter without a buffer is skipped (DJL's
     * zeros were never the parameter's) and each handle is closed after use; the buffers get the same values.
     */
    static void zeroGradients(Engine engine) {
        NDManager system;
        try (NDManager base = engine.newBaseManager()) { // the engine's system manager is its parent
            system = base.getParentManager();
        }
        for (NDArray array : system.getManagedArrays()) {
            if (array.hasGradient()) {
                zeroGradient(array);
            }
        }
    }

    /** Zeroes the array's gradient buffer, if it has one ({@code g.subi(g)}, the handle closed after use). */
    static void zeroGradient(NDArray array) {
        if (array instanceof PtNDArray pt) {
            PtNDArray gradient = JniUtils.getGradient(pt);
            if (gradient != null) {
                try (gradient) {
                    gradient.subi(gradient);
                }
            }
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
