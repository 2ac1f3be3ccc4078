package org.medrobust.models.mamba;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;
import org.medrobust.models.scan.cpu.CpuSelectiveScan;
import org.medrobust.models.scan.djl.DjlCudaScanBridge;
import org.medrobust.models.scan.djl.DjlScanBridge;
import org.medrobust.models.scan.djl.DjlSelectiveScan;
import org.medrobust.models.scan.djl.ScanTape;
import org.medrobust.models.djl.Scalars;
import org.medrobust.models.djl.TapPoints;
import org.medrobust.models.djl.Taps;
import org.medrobust.models.scan.ScanFault;
import java.util.List;

/**
 * mamba_ssm's {@code Mamba} mixer (Gu &amp; Dao 2023) as a DJL block, (N, L, d_model) -> (N, L, d_model):
 *
 * <pre>
 * x, z  = split(in_proj(u))                      in_proj: d_model -> 2 d_inner, no bias; d_inner = 2 d_model
 * x     = silu(causal depthwise conv1d(x))       kernel 4, padding 3, first L outputs kept, with bias
 * dt, B, C = split(x_proj(x))                    x_proj: d_inner -> dt_rank + 2 N, no bias; dt_rank = ceil(d_model/16)
 * delta = dt_proj.weight dt                      dt_proj's bias goes to the scan as delta_bias (as mamba_ssm does)
 * y     = selective_scan(x, delta, A = -exp(A_log), B, C, D, z, delta_bias, delta_softplus = true)   (y * silu(z))
 * out   = out_proj(y)                            out_proj: d_inner -> d_model, no bias
 * </pre>
 *
 * <p>Bidirectional (Vim's "v2" bimamba, {@code if_devide_out=True}): a second branch with its own conv1d, x_proj,
 * dt_proj, A_log and D runs on the flipped sequence (x and z both flipped, from the shared in_proj); its output is
 * flipped back, the two branch outputs are averaged ((y_f + flip(y_b)) / 2) and go through the shared out_proj.
 *
 * <p>Init as mamba_ssm: A_log = log(1..N) per channel, D = 1, dt_proj.bias = softplus^-1(dt) with dt log-uniform in
 * [1e-3, 1e-1] clamped at 1e-4, dt_proj.weight ~ U(+-dt_rank^-0.5); the other weights PyTorch's Linear/Conv1d default
 * U(+-1/sqrt(fan_in)). Every parameter has its own seeded initializer; the special ones are of type OTHER, so a
 * trainer's default WEIGHT/BIAS initializers never overwrite them.
 */
public final class MambaBlock extends AbstractBlock implements TapPoints {

    private static final byte VERSION = 1;
    static final int CONV_KERNEL = 4;
    static final double DT_MIN = 1e-3, DT_MAX = 1e-1, DT_FLOOR = 1e-4;

    private final int dModel;
    private final int dInner;
    private final int dState;
    private final int dtRank;
    private final boolean bidirectional;
    private final Parameter inProj;
    private final Parameter outProj;
    private final Branch forward;
    private final Branch backward;
    private volatile ScanMode mode = ScanMode.DIFFERENTIABLE;

    /** One direction's own parameters. */
    private record Branch(Parameter convWeight, Parameter convBias, Parameter xProj, Parameter dtWeight,
                          Parameter dtBias, Parameter aLog, Parameter d) {
    }

    /**
     * @param dModel        model width
     * @param dState        SSM state size N (16 in mamba_ssm, Vim, VMamba-v0)
     * @param bidirectional Vim's v2 bimamba (second branch on the flipped sequence)
     * @param seed          seeds every parameter's initializer
     */
    public MambaBlock(int dModel, int dState, boolean bidirectional, long seed) {
        super(VERSION);
        if (dModel < 1 || dState < 1) {
            throw new IllegalArgumentException("dModel and dState must be >= 1");
        }
        this.dModel = dModel;
        this.dInner = 2 * dModel;
        this.dState = dState;
        this.dtRank = dtRank(dModel);
        this.bidirectional = bidirectional;
        this.inProj = addParameter(Parameter.builder().setName("in_proj_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(2L * dInner, dModel)).optInitializer(Init.torchDefault(Init.derive(seed, 1), dModel))
                .build());
        this.forward = branch("", seed, 10);
        this.backward = bidirectional ? branch("_b", seed, 20) : null;
        this.outProj = addParameter(Parameter.builder().setName("out_proj_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(dModel, dInner)).optInitializer(Init.torchDefault(Init.derive(seed, 2), dInner))
                .build());
    }

    /** ceil(d_model / 16), mamba_ssm's dt_rank = "auto". */
    public static int dtRank(int dModel) {
        return (dModel + 15) / 16;
    }

    private Branch branch(String suffix, long seed, int salt) {
        Parameter convW = addParameter(Parameter.builder().setName("conv1d" + suffix + "_weight")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(dInner, 1, CONV_KERNEL))
                .optInitializer(Init.torchDefault(Init.derive(seed, salt), CONV_KERNEL)).build());
        Parameter convB = addParameter(Parameter.builder().setName("conv1d" + suffix + "_bias")
                .setType(Parameter.Type.BIAS).optShape(new Shape(dInner))
                .optInitializer(Init.torchDefault(Init.derive(seed, salt + 1), CONV_KERNEL)).build());
        Parameter xProj = addParameter(Parameter.builder().setName("x_proj" + suffix + "_weight")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(dtRank + 2L * dState, dInner))
                .optInitializer(Init.torchDefault(Init.derive(seed, salt + 2), dInner)).build());
        Parameter dtW = addParameter(Parameter.builder().setName("dt_proj" + suffix + "_weight")
                .setType(Parameter.Type.OTHER).optShape(new Shape(dInner, dtRank))
                .optInitializer(Init.uniform(Init.derive(seed, salt + 3), Math.pow(dtRank, -0.5))).build());
        long dtSeed = Init.derive(seed, salt + 4);
        Parameter dtB = addParameter(Parameter.builder().setName("dt_proj" + suffix + "_bias")
                .setType(Parameter.Type.OTHER).optShape(new Shape(dInner))
                .optInitializer((m, shape, type) -> m.create(dtBias(dtSeed, (int) shape.size()), shape).toType(type, false))
                .build());
        int n = dState;
        Parameter aLog = addParameter(Parameter.builder().setName("A" + suffix + "_log").setType(Parameter.Type.OTHER)
                .optShape(new Shape(dInner, dState)).optInitializer(Init.of(i -> (float) StrictMath.log(1 + i % n)))
                .build());
        Parameter d = addParameter(Parameter.builder().setName("D" + suffix).setType(Parameter.Type.OTHER)
                .optShape(new Shape(dInner)).optInitializer(Init.of(i -> 1f)).build());
        return new Branch(convW, convB, xProj, dtW, dtB, aLog, d);
    }

    /** mamba_ssm's dt_proj bias: inverse softplus of dt = exp(U(log 1e-3, log 1e-1)) clamped at 1e-4. */
    static float[] dtBias(long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            double dt = StrictMath.exp(r.nextDouble() * (StrictMath.log(DT_MAX) - StrictMath.log(DT_MIN)) + StrictMath.log(DT_MIN));
            dt = Math.max(dt, DT_FLOOR);
            v[i] = (float) (dt + StrictMath.log(-StrictMath.expm1(-dt)));
        }
        return v;
    }

    public ScanMode scanMode() {
        return mode;
    }

    public void setScanMode(ScanMode mode) {
        this.mode = java.util.Objects.requireNonNull(mode);
    }

    public int dModel() {
        return dModel;
    }

    public int dInner() {
        return dInner;
    }

    public int dState() {
        return dState;
    }

    public int dtRankValue() {
        return dtRank;
    }

    public boolean bidirectional() {
        return bidirectional;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        checkTrainable(mode, training);
        NDArray u = inputs.singletonOrThrow(); // (N, L, d_model)
        NDArray xz = Taps.tap(this, "in_proj", Linear.linear(u, value(store, inProj, u, training)).head())
                .transpose(0, 2, 1); // (N, 2di, L)
        NDList xzs = xz.split(2, 1);
        NDArray x = xzs.get(0);
        NDArray z = xzs.get(1);
        NDArray y = Taps.tap(this, "scan", branchForward(store, forward, x, z, training, "scan"));
        if (bidirectional) {
            NDArray yb = Taps.tap(this, "scan_b",
                    branchForward(store, backward, x.flip(2), z.flip(2), training, "scan_b").flip(2));
            y = y.add(yb).div(Scalars.of(y, 2f));
        }
        return new NDList(Taps.tap(this, "out_proj",
                Linear.linear(y.transpose(0, 2, 1), value(store, outProj, u, training)).head()));
    }

    /**
     * in_proj: x and z before the split, (N, L, 2 d_inner); scan (and scan_b, the backward branch, flipped back to
     * token order): the gated scan output y * silu(z), (N, d_inner, L); out_proj: the block's output, (N, L, d_model).
     */
    @Override
    public List<String> tapPoints() {
        return bidirectional ? List.of("in_proj", "scan", "scan_b", "out_proj") : List.of("in_proj", "scan", "out_proj");
    }

    /** scan: the forward branch's selective scan; scan_b: the backward branch's (on the flipped sequence). */
    @Override
    public List<String> scanPoints() {
        return bidirectional ? List.of("scan", "scan_b") : List.of("scan");
    }

    /** One direction: conv, projections, scan with the z gate; (N, d_inner, L) -> (N, d_inner, L). */
    private NDArray branchForward(ParameterStore store, Branch p, NDArray x, NDArray z, boolean training,
                                  String scanName) {
        long len = x.getShape().get(2);
        NDArray conv = Conv1d.conv1d(x, value(store, p.convWeight, x, training), value(store, p.convBias, x, training),
                new Shape(1), new Shape(CONV_KERNEL - 1), new Shape(1), dInner).head();
        NDArray xc = conv.split(new long[] {len}, 2).get(0);
        xc = xc.mul(Activation.sigmoid(xc));
        NDArray xdbl = Linear.linear(xc.transpose(0, 2, 1), value(store, p.xProj, x, training)).head(); // (N, L, R+2N)
        NDList parts = xdbl.split(new long[] {dtRank, dtRank + dState}, 2);
        NDArray delta = Linear.linear(parts.get(0), value(store, p.dtWeight, x, training)).head().transpose(0, 2, 1);
        NDArray b = parts.get(1).transpose(0, 2, 1); // (N, N_state, L)
        NDArray c = parts.get(2).transpose(0, 2, 1);
        NDArray a = value(store, p.aLog, x, training).exp().neg();
        NDArray d = value(store, p.d, x, training);
        NDArray bias = value(store, p.dtBias, x, training);
        return selectiveScan(mode, this, scanName, xc, delta, a, b, c, d, z, bias);
    }

    /** Shared by the Mamba models: the scan (delta_softplus on) in the given mode. */
    static NDArray selectiveScan(ScanMode mode, NDArray u, NDArray delta, NDArray a, NDArray b, NDArray c, NDArray d,
                                 NDArray z, NDArray bias) {
        return selectiveScan(mode, null, null, u, delta, a, b, c, d, z, bias);
    }

    /**
     * {@link #selectiveScan(ScanMode, NDArray, NDArray, NDArray, NDArray, NDArray, NDArray, NDArray, NDArray)} as
     * {@code owner}'s scan {@code scanName}: a scan fault for it in the open {@link Taps} pass (fault injection) runs
     * in the CPU kernel, the only backend with the injection seam; other modes refuse it rather than drop it.
     */
    static NDArray selectiveScan(ScanMode mode, AbstractBlock owner, String scanName, NDArray u, NDArray delta,
                                 NDArray a, NDArray b, NDArray c, NDArray d, NDArray z, NDArray bias) {
        boolean gpu = u.getDevice().isGpu();
        ScanFault fault = owner != null && Taps.active()
                ? Taps.scanFault(owner, scanName, DjlScanBridge.shape(u, a, b)) : null;
        if (fault != null) {
            if (mode == ScanMode.DIFFERENTIABLE || gpu || ScanTape.current() != null) {
                throw new IllegalStateException("scan faults are injected in the CPU scan kernel; scan " + scanName
                        + " runs " + (gpu ? "on " + u.getDevice() : mode == ScanMode.DIFFERENTIABLE
                        ? "as DJL ops (ScanMode.DIFFERENTIABLE)" : "under a gradient tape"));
            }
            return new DjlScanBridge(CpuSelectiveScan.shared()).forward(u.getManager(), u, delta, a, b, c, d, z, bias,
                    true, fault);
        }
        // on a GPU without the CUDA scan (no torch shim, no driver), the per-step DJL scan is the fallback
        if (mode == ScanMode.DIFFERENTIABLE || gpu && !DjlCudaScanBridge.enabled()) {
            return DjlSelectiveScan.scan(u, delta, a, b, c, d, z, bias, true, false).head();
        }
        ScanTape tape = ScanTape.current();
        if (mode == ScanMode.TAPED && tape != null) {
            return tape.scan(u, delta, a, b, c, d, z, bias, true);
        }
        if (gpu) {
            return DjlCudaScanBridge.forward(u.getManager(), u, delta, a, b, c, d, z, bias, true);
        }
        return new DjlScanBridge(CpuSelectiveScan.shared()).forward(u.getManager(), u, delta, a, b, c, d, z, bias, true, false).head();
    }

    /** A training forward needs gradients through the scan: refused where the mode cannot give them. */
    static void checkTrainable(ScanMode mode, boolean training) {
        if (!training) {
            return;
        }
        if (mode == ScanMode.FAST_INFERENCE) {
            throw new IllegalStateException("FAST_INFERENCE is not differentiable: switch the model to TAPED or "
                    + "DIFFERENTIABLE for training");
        }
        if (mode == ScanMode.TAPED && ScanTape.current() == null) {
            throw new IllegalStateException("TAPED scans need a ScanTape recording around a training forward");
        }
    }

    /**
     * A parameter's value as a view owned by {@code like}'s manager. DJL puts an op's result in its first operand's
     * manager, so {@code A_log.exp()} straight on the parameter would land in the model's manager and live (with the
     * autograd graph it references) as long as the model: gigabytes after a few training steps. Through this view, the
     * results belong to the per-batch scope of the input and are freed with it.
     */
    static NDArray value(ParameterStore store, Parameter p, NDArray like, boolean training) {
        NDArray parameter = store.getValue(p, like.getDevice(), training);
        NDArray view = parameter.reshape(parameter.getShape());
        view.attach(like.getManager());
        return view;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no child blocks: every parameter is this block's own, with its shape known at construction
    }

    /**
     * Multiply-adds for one sequence of length L: projections L(2 di dm + di (R + 2N) + R di + di dm), conv 4 L di,
     * scan about 3 L di N (decay, drive, readout) per direction.
     */
    public long multiplyAdds(long length) {
        long perDirection = length * ((long) dInner * (dtRank + 2L * dState) + (long) dtRank * dInner
                + (long) CONV_KERNEL * dInner + 3L * dInner * dState);
        return length * (2L * dInner * dModel + (long) dInner * dModel) + perDirection * (bidirectional ? 2 : 1);
    }
}
