package org.medrobust.models.scan.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.medrobust.models.scan.ScanFault;
import org.medrobust.models.scan.ScanGradients;
import org.medrobust.models.scan.cpu.CpuSelectiveScan;
import org.medrobust.models.scan.ScanInputs;
import org.medrobust.models.scan.ScanShape;
import org.medrobust.models.scan.SelectiveScan;

/**
 * Runs a buffer-based backend (normally {@link org.medrobust.models.scan.cpu.CpuSelectiveScan}) on DJL CPU tensors
 * without copying them: inputs are read in place through {@code PtNDArray.toByteBuffer(true)} (a direct buffer over
 * the tensor's memory), outputs are written the same way into fresh contiguous tensors of the caller's manager
 * (libtorch owns their memory, so closing the manager frees it at once). Not differentiable by DJL's autograd (use
 * {@link DjlSelectiveScan#scan} or a {@link ScanTape} for that); {@link #backward} gives the gradients explicitly.
 */
public final class DjlScanBridge {

    private final SelectiveScan backend;

    public DjlScanBridge(SelectiveScan backend) {
        this.backend = backend;
    }

    /** Gradients as NDArrays (null where the input was absent). */
    public record Gradients(NDArray du, NDArray ddelta, NDArray dA, NDArray dB, NDArray dC, NDArray dD, NDArray dz,
                            NDArray dDeltaBias) {
    }

    /**
     * Forward scan on CPU float32 tensors (shapes as {@link DjlSelectiveScan#scan}); the results belong to
     * {@code manager}.
     */
    public NDList forward(NDManager manager, NDArray u, NDArray delta, NDArray a, NDArray b, NDArray c, NDArray d,
                          NDArray z, NDArray deltaBias, boolean deltaSoftplus, boolean returnLastState) {
        ScanInputs in = inputs(u, delta, a, b, c, d, z, deltaBias, deltaSoftplus);
        ScanShape s = in.shape();
        NDArray out = manager.zeros(u.getShape(), DataType.FLOAT32);
        NDArray last = returnLastState ? manager.zeros(new Shape(s.batch(), s.dim(), s.dstate()), DataType.FLOAT32)
                : null;
        backend.forward(in, view(out, "out"), last == null ? null : view(last, "last state"));
        return last == null ? new NDList(out) : new NDList(out, last);
    }

    /**
     * {@link #forward} (no last state) with a transient bit flip inside the scan ({@link ScanFault}); only the CPU
     * kernel has the injection seam, so another backend refuses.
     */
    public NDArray forward(NDManager manager, NDArray u, NDArray delta, NDArray a, NDArray b, NDArray c, NDArray d,
                           NDArray z, NDArray deltaBias, boolean deltaSoftplus, ScanFault fault) {
        if (!(backend instanceof CpuSelectiveScan cpu)) {
            throw new IllegalStateException("scan faults need the CPU scan kernel, not " + backend.name());
        }
        ScanInputs in = inputs(u, delta, a, b, c, d, z, deltaBias, deltaSoftplus);
        NDArray out = manager.zeros(u.getShape(), DataType.FLOAT32);
        cpu.forward(in, view(out, "out"), null, fault, null);
        return out;
    }

    /** Gradients of sum(out * dout) with respect to every input. */
    public Gradients backward(NDManager manager, NDArray u, NDArray delta, NDArray a, NDArray b, NDArray c, NDArray d,
                              NDArray z, NDArray deltaBias, boolean deltaSoftplus, NDArray dout) {
        ScanInputs in = inputs(u, delta, a, b, c, d, z, deltaBias, deltaSoftplus);
        Gradients out = new Gradients(zerosLike(manager, u), zerosLike(manager, u), zerosLike(manager, a),
                zerosLike(manager, b), zerosLike(manager, c), zerosLike(manager, d), zerosLike(manager, z),
                zerosLike(manager, deltaBias));
        ScanGradients g = new ScanGradients(view(out.du(), "du"), view(out.ddelta(), "ddelta"), view(out.dA(), "dA"),
                view(out.dB(), "dB"), view(out.dC(), "dC"), viewOrNull(out.dD(), "dD"), viewOrNull(out.dz(), "dz"),
                viewOrNull(out.dDeltaBias(), "d delta_bias"));
        backend.backward(in, view(dout, "dout"), g);
        return out;
    }

    /**
     * Results are tensors that libtorch owns (written in place through a view): freed when their manager closes, not
     * whenever the garbage collector gets to a Java buffer.
     */
    private static NDArray zerosLike(NDManager manager, NDArray like) {
        return like == null ? null : manager.zeros(like.getShape(), DataType.FLOAT32);
    }

    private static FloatBuffer viewOrNull(NDArray x, String name) {
        return x == null ? null : view(x, name);
    }

    static ScanInputs inputs(NDArray u, NDArray delta, NDArray a, NDArray b, NDArray c, NDArray d, NDArray z,
                             NDArray deltaBias, boolean deltaSoftplus) {
        return new ScanInputs(shape(u, a, b), view(u, "u"), view(delta, "delta"), view(a, "A"), view(b, "B"), view(c, "C"),
                d == null ? null : view(d, "D"), z == null ? null : view(z, "z"),
                deltaBias == null ? null : view(deltaBias, "delta_bias"), deltaSoftplus);
    }

    /** The problem shape of u (B, D, L), A (D, N) and B (B, N, L) or (B, G, N, L). */
    public static ScanShape shape(NDArray u, NDArray a, NDArray b) {
        Shape us = u.getShape();
        Shape bs = b.getShape();
        int groups = bs.dimension() == 4 ? (int) bs.get(1) : 1;
        return new ScanShape((int) us.get(0), (int) us.get(1), (int) a.getShape().get(1), (int) us.get(2), groups);
    }

    /**
     * A float view over a CPU float32 tensor's own memory (no copy). Fails if the engine can only give a copy
     * (non-PyTorch engine, GPU tensor, wrong type).
     */
    public static FloatBuffer view(NDArray x, String name) {
        if (!x.getDevice().equals(Device.cpu())) {
            throw new IllegalArgumentException(name + " is on " + x.getDevice() + ", the bridge needs CPU tensors");
        }
        if (x.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(name + " is " + x.getDataType() + ", the bridge needs float32");
        }
        if (!(x instanceof PtNDArray pt)) {
            throw new IllegalArgumentException(name + " is not a PyTorch tensor: no zero-copy view");
        }
        ByteBuffer bb = pt.toByteBuffer(true);
        if (!bb.isDirect()) {
            throw new IllegalStateException(name + ": PyTorch returned a heap copy, not a view");
        }
        return bb.order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
