package org.medrobust.models.scan.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import org.medrobust.models.scan.SelectiveScan;
import org.medrobust.models.scan.cpu.CpuSelectiveScan;

/**
 * Makes the fast scan kernel part of DJL's autograd without a custom autograd function (DJL has none): the forward
 * runs the kernel through {@link DjlScanBridge} and cuts the graph there (the output is a fresh leaf that requires a
 * gradient); {@link #backward} then closes every cut by hand.
 *
 * <p>How: a first backward from the loss (graph kept) fills every cut output's gradient along the paths that avoid
 * the cuts. The cuts are then closed in reverse order of recording: the kernel's backward turns the output gradient
 * into gradients for the scan's inputs, and one more autograd backward of {@code sum(input * gradient)} over those
 * inputs (graph nodes: projections of the block input, A = -exp(A_log), D, dt bias) carries them on into the earlier
 * layers and parameters, including into the outputs of earlier cuts. In reverse order an output's gradient is complete
 * before its cut is closed, because every later use of it has been closed already. The result equals autograd through
 * the whole network (tested against {@link DjlSelectiveScan}), at the kernel's speed and without O(B·D·L·N) memory.
 *
 * <p>One tape per thread, opened with {@link #record()} around one forward and its {@link #backward}; Mamba blocks in
 * {@code ScanMode.TAPED} find it with {@link #current()}.
 */
public final class ScanTape implements AutoCloseable {

    private static final ThreadLocal<ScanTape> CURRENT = new ThreadLocal<>();

    private record Cut(NDArray u, NDArray delta, NDArray a, NDArray b, NDArray c, NDArray d, NDArray z,
                       NDArray deltaBias, boolean deltaSoftplus, NDArray out) {
    }

    private final DjlScanBridge bridge;
    private final List<Cut> cuts = new ArrayList<>();
    private boolean backwardDone;

    private ScanTape(SelectiveScan kernel) {
        this.bridge = new DjlScanBridge(kernel);
    }

    /** Opens a tape on this thread over the JVM's shared CPU kernel; close it after the backward. */
    public static ScanTape record() {
        return record(CpuSelectiveScan.shared());
    }

    /** Opens a tape on this thread; close it after the backward (try-with-resources). */
    public static ScanTape record(SelectiveScan kernel) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a scan tape is already recording on this thread");
        }
        ScanTape tape = new ScanTape(kernel);
        CURRENT.set(tape);
        return tape;
    }

    /** The tape recording on this thread, or null. */
    public static ScanTape current() {
        return CURRENT.get();
    }

    /** Scans recorded so far. */
    public int size() {
        return cuts.size();
    }

    /**
     * The scan on float32 tensors (shapes as {@link DjlSelectiveScan#scan}) by the kernel (the CPU one, or for GPU
     * tensors the CUDA one through {@link DjlCudaScanBridge}); the output is a leaf
     * that requires a gradient, and the cut is recorded for {@link #backward}.
     */
    public NDArray scan(NDArray u, NDArray delta, NDArray a, NDArray b, NDArray c, NDArray d, NDArray z,
                        NDArray deltaBias, boolean deltaSoftplus) {
        if (backwardDone) {
            throw new IllegalStateException("this scan tape has already run its backward");
        }
        NDManager manager = u.getManager();
        NDArray out = u.getDevice().isGpu()
                ? DjlCudaScanBridge.forward(manager, u, delta, a, b, c, d, z, deltaBias, deltaSoftplus)
                : bridge.forward(manager, u, delta, a, b, c, d, z, deltaBias, deltaSoftplus, false).head();
        out.setRequiresGradient(true);
        cuts.add(new Cut(u, delta, a, b, c, d, z, deltaBias, deltaSoftplus, out));
        return out;
    }

    /**
     * Gradients of the scalar {@code loss} with respect to everything that requires one, through the recorded scans.
     * Gradients accumulate into the parameters' and inputs' gradient buffers as one autograd backward would.
     */
    public void backward(NDArray loss) {
        if (backwardDone) {
            throw new IllegalStateException("this scan tape has already run its backward");
        }
        backwardDone = true;
        NDManager manager = loss.getManager();
        autograd(loss, manager.ones(loss.getShape(), loss.getDataType()), !cuts.isEmpty());
        for (int i = cuts.size() - 1; i >= 0; i--) {
            Cut cut = cuts.get(i);
            NDArray dout = cut.out.getGradient();
            DjlScanBridge.Gradients g = cut.u.getDevice().isGpu()
                    ? DjlCudaScanBridge.backward(manager, cut.u, cut.delta, cut.a, cut.b, cut.c, cut.d, cut.z,
                            cut.deltaBias, cut.deltaSoftplus, dout)
                    : bridge.backward(manager, cut.u, cut.delta, cut.a, cut.b, cut.c, cut.d, cut.z, cut.deltaBias,
                            cut.deltaSoftplus, dout);
            NDArray surrogate = pairing(cut.u, g.du())
                    .add(pairing(cut.delta, g.ddelta()))
                    .add(pairing(cut.a, g.dA()))
                    .add(pairing(cut.b, g.dB()))
                    .add(pairing(cut.c, g.dC()));
            surrogate = addPairing(surrogate, cut.d, g.dD());
            surrogate = addPairing(surrogate, cut.z, g.dz());
            surrogate = addPairing(surrogate, cut.deltaBias, g.dDeltaBias());
            // no graph behind the scan inputs (nothing upstream requires a gradient): nothing to carry on
            if (!JniUtils.getGradientFunctionNames((PtNDArray) surrogate).isEmpty()) {
                autograd(surrogate, manager.ones(surrogate.getShape(), surrogate.getDataType()), i > 0);
            }
        }
    }

    /** sum(x * g) with g a constant: its gradient with respect to x is g. */
    private static NDArray pairing(NDArray x, NDArray g) {
        return x.mul(g).sum();
    }

    private static NDArray addPairing(NDArray sum, NDArray x, NDArray g) {
        return x == null ? sum : sum.add(pairing(x, g));
    }

    /** One autograd pass; the graph is kept while later passes still need to run through shared nodes. */
    private static void autograd(NDArray target, NDArray seed, boolean keepGraph) {
        JniUtils.backward((PtNDArray) target, (PtNDArray) seed, keepGraph, false);
    }

    @Override
    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }
}
