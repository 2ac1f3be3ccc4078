package org.medrobust.models.scan.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.medrobust.models.scan.Availability;
import org.medrobust.models.scan.ScanGradients;
import org.medrobust.models.scan.ScanInputs;
import org.medrobust.models.scan.ScanShape;
import org.medrobust.models.scan.SelectiveScan;
import org.medrobust.models.djl.Scalars;

/**
 * The selective scan written in NDArray operations, so that DJL's autograd differentiates it (training, white-box
 * gradients through Mamba models). The discretisation (exp(dt A), dt B u) is computed for all steps at once; the
 * recurrence is a per-step loop over slices produced by one split; y is one product and sum over the stacked states.
 * Memory is O(B*D*L*N) (autograd keeps every step), so use it for training-size problems; {@link #scan} is the
 * NDArray entry point, the {@link SelectiveScan} methods copy float buffers in and out and use a
 * {@link GradientCollector} for backward (only one may exist per JVM at a time: backward is synchronized globally).
 */
public final class DjlSelectiveScan implements SelectiveScan {

    private static final Object COLLECTOR_LOCK = new Object();

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public Availability availability() {
        try {
            Engine e = Engine.getInstance();
            return Availability.yes("DJL " + e.getEngineName() + " " + e.getVersion() + " NDArray ops");
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("no DJL engine: " + e.getMessage());
        }
    }

    /**
     * Differentiable selective scan on NDArrays (any device, float32).
     *
     * @param u               (B, D, L)
     * @param delta           (B, D, L)
     * @param a               (D, N)
     * @param b               (B, N, L) or (B, G, N, L)
     * @param c               like b
     * @param d               (D) or null
     * @param z               (B, D, L) or null
     * @param deltaBias       (D) or null
     * @param returnLastState whether to append h_L (B, D, N)
     * @return out (B, D, L), then h_L if asked for
     */
    public static NDList scan(NDArray u, NDArray delta, NDArray a, NDArray b, NDArray c, NDArray d, NDArray z,
                              NDArray deltaBias, boolean deltaSoftplus, boolean returnLastState) {
        Shape us = u.getShape();
        long bs = us.get(0), dim = us.get(1), len = us.get(2);
        long n = a.getShape().get(1);
        NDArray dt = delta;
        if (deltaBias != null) {
            dt = dt.add(deltaBias.reshape(1, dim, 1));
        }
        if (deltaSoftplus) {
            dt = softplus(dt);
        }
        NDArray bCh = perChannel(b, bs, dim, n, len); // (B, D, L, N)
        NDArray cCh = perChannel(c, bs, dim, n, len);
        NDArray dt4 = dt.expandDims(3); // (B, D, L, 1)
        NDArray decay = dt4.mul(a.reshape(1, dim, 1, n)).exp(); // (B, D, L, N)
        NDArray drive = dt.mul(u).expandDims(3).mul(bCh); // (B, D, L, N)
        NDList decays = decay.split(len, 2);
        NDList drives = drive.split(len, 2);
        List<NDArray> states = new ArrayList<>((int) len);
        NDArray h = drives.get(0); // h_0 = 0, so h_1 = drive_1
        states.add(h);
        for (int t = 1; t < len; t++) {
            h = decays.get(t).mul(h).add(drives.get(t));
            states.add(h);
        }
        NDArray hs = len == 1 ? h : NDArrays.concat(new NDList(states), 2); // (B, D, L, N)
        NDArray out = hs.mul(cCh).sum(new int[] {3}); // (B, D, L)
        if (d != null) {
            out = out.add(u.mul(d.reshape(1, dim, 1)));
        }
        if (z != null) {
            out = out.mul(z.mul(Activation.sigmoid(z)));
        }
        NDList result = new NDList(out);
        if (returnLastState) {
            result.add(h.reshape(bs, dim, n));
        }
        return result;
    }

    /** softplus with PyTorch's threshold: x above 20 passes through (and exp never overflows). */
    static NDArray softplus(NDArray x) {
        NDArray soft = x.minimum(Scalars.of(x, 20f)).exp().add(1f).log();
        return NDArrays.where(x.gt(20f), x, soft);
    }

    /** (B, N, L) or (B, G, N, L) to per-channel (B, D, L, N). */
    static NDArray perChannel(NDArray bc, long bs, long dim, long n, long len) {
        long groups = bc.getShape().dimension() == 4 ? bc.getShape().get(1) : 1;
        NDArray t = bc.reshape(bs, groups, 1, n, len).transpose(0, 1, 2, 4, 3); // (B, G, 1, L, N)
        return t.broadcast(bs, groups, dim / groups, len, n).reshape(bs, dim, len, n);
    }

    // ------------------------------------------------------------------------------------------- SelectiveScan

    @Override
    public void forward(ScanInputs in, FloatBuffer out, FloatBuffer lastState) {
        SelectiveScan.checkForward(in, out, lastState);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList x = arrays(m, in);
            NDList r = scan(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), opt(x, 5), opt(x, 6), opt(x, 7),
                    in.deltaSoftplus(), lastState != null);
            out.slice().put(r.get(0).toFloatArray());
            if (lastState != null) {
                lastState.slice().put(r.get(1).toFloatArray());
            }
        }
    }

    @Override
    public void backward(ScanInputs in, FloatBuffer dout, ScanGradients g) {
        g.check(in);
        ScanShape s = in.shape();
        synchronized (COLLECTOR_LOCK) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDList x = arrays(m, in);
                for (int i = 0; i < x.size(); i++) {
                    if (opt(x, i) != null) {
                        x.get(i).setRequiresGradient(true);
                    }
                }
                NDArray w = m.create(copy(dout), new Shape(s.batch(), s.dim(), s.length()));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = scan(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), opt(x, 5), opt(x, 6),
                            opt(x, 7), in.deltaSoftplus(), false).get(0);
                    gc.backward(out.mul(w).sum());
                }
                FloatBuffer[] dst = {g.du(), g.ddelta(), g.dA(), g.dB(), g.dC(), g.dD(), g.dz(), g.dDeltaBias()};
                for (int i = 0; i < dst.length; i++) {
                    NDArray arr = opt(x, i);
                    if (arr != null) {
                        dst[i].put(0, arr.getGradient().toFloatArray());
                    }
                }
            }
        }
    }

    private static NDArray opt(NDList x, int i) {
        NDArray a = x.get(i);
        return a.getName() != null && a.getName().equals("absent") ? null : a;
    }

    /** The inputs as NDArrays in a fixed order; absent optional inputs are placeholders named "absent". */
    private static NDList arrays(NDManager m, ScanInputs in) {
        ScanShape s = in.shape();
        Shape seq = new Shape(s.batch(), s.dim(), s.length());
        Shape bc = new Shape(s.batch(), s.groups(), s.dstate(), s.length());
        NDList x = new NDList();
        x.add(m.create(copy(in.u()), seq));
        x.add(m.create(copy(in.delta()), seq));
        x.add(m.create(copy(in.a()), new Shape(s.dim(), s.dstate())));
        x.add(m.create(copy(in.b()), bc));
        x.add(m.create(copy(in.c()), bc));
        x.add(in.hasD() ? m.create(copy(in.d()), new Shape(s.dim())) : absent(m));
        x.add(in.hasZ() ? m.create(copy(in.z()), seq) : absent(m));
        x.add(in.hasDeltaBias() ? m.create(copy(in.deltaBias()), new Shape(s.dim())) : absent(m));
        return x;
    }

    private static NDArray absent(NDManager m) {
        NDArray a = m.zeros(new Shape(1), DataType.FLOAT32);
        a.setName("absent");
        return a;
    }

    private static float[] copy(FloatBuffer b) {
        float[] f = new float[b.limit()];
        b.get(0, f);
        return f;
    }
}
