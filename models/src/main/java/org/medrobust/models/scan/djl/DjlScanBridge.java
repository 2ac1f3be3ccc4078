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
import org.medrobust.models.scan.ScanGradients;
import org.medrobust.models.scan.ScanInputs;
import org.medrobust.models.scan.ScanShape;
import org.medrobust.models.scan.SelectiveScan;

/**
 * Runs a buffer-based backend (normally {@link org.medrobust.models.scan.cpu.CpuSelectiveScan}) on DJL CPU tensors
 * without copying them: inputs are read in place through {@code PtNDArray.toByteBuffer(true)} (a direct buffer over
 * the tensor's memory), outputs are written into direct buffers that {@code NDManager.create(Buffer, Shape)} wraps as
 * tensors. Not differentiable by DJL's autograd (use {@link DjlSelectiveScan#scan} for that); {@link #backward} gives
 * the gradients explicitly.
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
        ByteBuffer out = direct(s.sequenceSize());
        ByteBuffer last = returnLastState ? direct(s.stateSize()) : null;
        backend.forward(in, out.asFloatBuffer(), last == null ? null : last.asFloatBuffer());
        NDList r = new NDList(wrap(manager, out, u.getShape()));
        if (returnLastState) {
            r.add(wrap(manager, last, new Shape(s.batch(), s.dim(), s.dstate())));
        }
        return r;
    }

    /** Gradients of sum(out * dout) with respect to every input. */
    public Gradients backward(NDManager manager, NDArray u, NDArray delta, NDArray a, NDArray b, NDArray c, NDArray d,
                              NDArray z, NDArray deltaBias, boolean deltaSoftplus, NDArray dout) {
        ScanInputs in = inputs(u, delta, a, b, c, d, z, deltaBias, deltaSoftplus);
        ScanShape s = in.shape();
        ByteBuffer du = direct(s.sequenceSize()), ddelta = direct(s.sequenceSize()), dA = direct(s.aSize());
        ByteBuffer dB = direct(s.bcSize()), dC = direct(s.bcSize());
        ByteBuffer dD = d == null ? null : direct(s.dim());
        ByteBuffer dz = z == null ? null : direct(s.sequenceSize());
        ByteBuffer dBias = deltaBias == null ? null : direct(s.dim());
        ScanGradients g = new ScanGradients(du.asFloatBuffer(), ddelta.asFloatBuffer(), dA.asFloatBuffer(),
                dB.asFloatBuffer(), dC.asFloatBuffer(), fb(dD), fb(dz), fb(dBias));
        backend.backward(in, view(dout, "dout"), g);
        return new Gradients(wrap(manager, du, u.getShape()), wrap(manager, ddelta, u.getShape()),
                wrap(manager, dA, a.getShape()), wrap(manager, dB, b.getShape()), wrap(manager, dC, c.getShape()),
                dD == null ? null : wrap(manager, dD, d.getShape()), dz == null ? null : wrap(manager, dz, z.getShape()),
                dBias == null ? null : wrap(manager, dBias, deltaBias.getShape()));
    }

    static ScanInputs inputs(NDArray u, NDArray delta, NDArray a, NDArray b, NDArray c, NDArray d, NDArray z,
                             NDArray deltaBias, boolean deltaSoftplus) {
        Shape us = u.getShape();
        Shape bs = b.getShape();
        int groups = bs.dimension() == 4 ? (int) bs.get(1) : 1;
        ScanShape s = new ScanShape((int) us.get(0), (int) us.get(1), (int) a.getShape().get(1), (int) us.get(2),
                groups);
        return new ScanInputs(s, view(u, "u"), view(delta, "delta"), view(a, "A"), view(b, "B"), view(c, "C"),
                d == null ? null : view(d, "D"), z == null ? null : view(z, "z"),
                deltaBias == null ? null : view(deltaBias, "delta_bias"), deltaSoftplus);
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

    private static ByteBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder());
    }

    private static FloatBuffer fb(ByteBuffer b) {
        return b == null ? null : b.asFloatBuffer();
    }

    private static NDArray wrap(NDManager manager, ByteBuffer data, Shape shape) {
        return manager.create(data.rewind(), shape, DataType.FLOAT32);
    }
}
