package org.medrobust.models.mamba;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.medrobust.models.djl.TapPoints;
import org.medrobust.models.djl.Taps;

/**
 * VMamba's 2D selective scan (Liu et al. 2024, SS2D as in {@code forward_corev0}), (N, H, W, d_model) ->
 * (N, H, W, d_model):
 *
 * <pre>
 * x, z = split(in_proj(x))                   d_model -> 2 d_inner, no bias; d_inner = 2 d_model
 * x    = silu(depthwise conv 3x3(x))         padding 1, with bias
 * xs   = cross_scan(x)                       (N, 4, d_inner, L): row-major, column-major, both reversed; L = H W
 * dt, B, C = x_proj_k(xs_k)                  one x_proj (d_inner -> dt_rank + 2 N) per direction k
 * delta = dt_proj_k(dt)                      one dt_proj per direction, bias passed as delta_bias
 * y    = ONE selective scan over 4 d_inner channels, B and C grouped (G = 4: channel k d_inner + c uses group k),
 *        A = -exp(A_logs) (4 d_inner, N), D = Ds (4 d_inner), delta_softplus, no z
 * y    = cross_merge(y)                      un-reverse, un-transpose, sum the four
 * out  = out_proj(LayerNorm(y) * silu(z))    d_inner -> d_model, no bias
 * </pre>
 *
 * Inits per direction as mamba_ssm (A_logs = log(1..N), Ds = 1, dt bias = softplus^-1(log-uniform [1e-3, 1e-1]),
 * dt weight U(+-dt_rank^-0.5)); dt_rank = ceil(d_model / 16).
 */
public final class SS2D extends AbstractBlock implements TapPoints {

    private static final byte VERSION = 1;
    static final int K = 4;

    private final int dModel;
    private final int dInner;
    private final int dState;
    private final int dtRank;
    private final Parameter inProj;
    private final Parameter convWeight;
    private final Parameter convBias;
    private final Parameter xProj;
    private final Parameter dtWeight;
    private final Parameter dtBias;
    private final Parameter aLogs;
    private final Parameter ds;
    private final LayerNorm outNorm;
    private final Parameter outProj;
    private volatile ScanMode mode = ScanMode.DIFFERENTIABLE;

    public SS2D(int dModel, int dState, long seed) {
        super(VERSION);
        this.dModel = dModel;
        this.dInner = 2 * dModel;
        this.dState = dState;
        this.dtRank = MambaBlock.dtRank(dModel);
        int di = dInner;
        inProj = addParameter(Parameter.builder().setName("in_proj_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(2L * di, dModel)).optInitializer(Init.torchDefault(Init.derive(seed, 1), dModel))
                .build());
        convWeight = addParameter(Parameter.builder().setName("conv2d_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(di, 1, 3, 3)).optInitializer(Init.torchDefault(Init.derive(seed, 2), 9)).build());
        convBias = addParameter(Parameter.builder().setName("conv2d_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(di)).optInitializer(Init.torchDefault(Init.derive(seed, 3), 9)).build());
        xProj = addParameter(Parameter.builder().setName("x_proj_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(K, dtRank + 2L * dState, di))
                .optInitializer(Init.torchDefault(Init.derive(seed, 4), di)).build());
        dtWeight = addParameter(Parameter.builder().setName("dt_projs_weight").setType(Parameter.Type.OTHER)
                .optShape(new Shape(K, di, dtRank))
                .optInitializer(Init.uniform(Init.derive(seed, 5), Math.pow(dtRank, -0.5))).build());
        long dtSeed = Init.derive(seed, 6);
        dtBias = addParameter(Parameter.builder().setName("dt_projs_bias").setType(Parameter.Type.OTHER)
                .optShape(new Shape(K, di))
                .optInitializer((m, shape, type) -> m.create(MambaBlock.dtBias(dtSeed, (int) shape.size()), shape)
                        .toType(type, false))
                .build());
        int n = dState;
        aLogs = addParameter(Parameter.builder().setName("A_logs").setType(Parameter.Type.OTHER)
                .optShape(new Shape((long) K * di, dState)).optInitializer(Init.of(i -> (float) Math.log(1 + i % n)))
                .build());
        ds = addParameter(Parameter.builder().setName("Ds").setType(Parameter.Type.OTHER)
                .optShape(new Shape((long) K * di)).optInitializer(Init.of(i -> 1f)).build());
        outNorm = addChildBlock("out_norm", LayerNorm.builder().axis(3).build());
        outProj = addParameter(Parameter.builder().setName("out_proj_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(dModel, di)).optInitializer(Init.torchDefault(Init.derive(seed, 7), di)).build());
    }

    public void setScanMode(ScanMode mode) {
        this.mode = java.util.Objects.requireNonNull(mode);
    }

    public ScanMode scanMode() {
        return mode;
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

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        MambaBlock.checkTrainable(mode, training);
        NDArray in = inputs.singletonOrThrow(); // (N, H, W, C)
        Shape s = in.getShape();
        long n = s.get(0), h = s.get(1), w = s.get(2), len = h * w;
        NDList xz = Taps.tap(this, "in_proj", Linear.linear(in, MambaBlock.value(store, inProj, in, training)).head())
                .split(2, 3);
        NDArray x = xz.get(0).transpose(0, 3, 1, 2); // (N, di, H, W)
        NDArray z = xz.get(1); // (N, H, W, di)
        x = Conv2d.conv2d(x, MambaBlock.value(store, convWeight, in, training),
                MambaBlock.value(store, convBias, in, training), new Shape(1, 1), new Shape(1, 1), new Shape(1, 1),
                dInner).head();
        x = x.mul(Activation.sigmoid(x));
        NDArray xs = crossScan(x); // (N, K, di, L)
        NDArray xdbl = MambaBlock.value(store, xProj, in, training).expandDims(0).matMul(xs); // (N, K, R+2N, L)
        NDList parts = xdbl.split(new long[] {dtRank, dtRank + dState}, 2);
        NDArray dts = MambaBlock.value(store, dtWeight, in, training).expandDims(0).matMul(parts.get(0)); // (N,K,di,L)
        NDArray a = MambaBlock.value(store, aLogs, in, training).exp().neg();
        NDArray y = MambaBlock.selectiveScan(mode, this, "scan", xs.reshape(n, (long) K * dInner, len),
                dts.reshape(n, (long) K * dInner, len), a, parts.get(1), parts.get(2),
                MambaBlock.value(store, ds, in, training), null,
                MambaBlock.value(store, dtBias, in, training).reshape((long) K * dInner));
        y = Taps.tap(this, "scan", y);
        NDArray merged = crossMerge(y.reshape(n, K, dInner, len), h, w).transpose(0, 2, 3, 1); // (N, H, W, di)
        NDArray normed = outNorm.forward(store, new NDList(merged), training).head();
        NDArray gated = normed.mul(z.mul(Activation.sigmoid(z)));
        return new NDList(Taps.tap(this, "out_proj",
                Linear.linear(gated, MambaBlock.value(store, outProj, in, training)).head()));
    }

    /**
     * in_proj: x and z before the split, (N, H, W, 2 d_inner); scan: the scan's output y of the four directions
     * before cross-merge, norm and gate, (N, 4 d_inner, H W); out_proj: the block's output, (N, H, W, d_model).
     */
    @Override
    public List<String> tapPoints() {
        return List.of("in_proj", "scan", "out_proj");
    }

    /** scan: the one selective scan over the four directions' 4 d_inner channels. */
    @Override
    public List<String> scanPoints() {
        return List.of("scan");
    }

    /**
     * (N, D, H, W) -> (N, 4, D, H W): row-major, column-major (W then H: the transposed image read row by row),
     * row-major reversed, column-major reversed.
     */
    public static NDArray crossScan(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0), d = s.get(1), len = s.get(2) * s.get(3);
        NDArray rows = x.reshape(n, d, len);
        NDArray cols = x.transpose(0, 1, 3, 2).reshape(n, d, len);
        return NDArrays.stack(new NDList(rows, cols, rows.flip(2), cols.flip(2)), 1);
    }

    /** (N, 4, D, H W) -> (N, D, H, W): each direction put back to row-major image order, then summed. */
    public static NDArray crossMerge(NDArray y, long h, long w) {
        Shape s = y.getShape();
        long n = s.get(0), d = s.get(2);
        NDList k = y.split(K, 1);
        NDArray rows = k.get(0).reshape(n, d, h, w);
        NDArray cols = k.get(1).reshape(n, d, w, h).transpose(0, 1, 3, 2);
        NDArray rowsRev = k.get(2).flip(3).reshape(n, d, h, w);
        NDArray colsRev = k.get(3).flip(3).reshape(n, d, w, h).transpose(0, 1, 3, 2);
        return rows.add(cols).add(rowsRev).add(colsRev);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        outNorm.initialize(manager, dataType, new Shape(s.get(0), s.get(1), s.get(2), dInner));
    }

    /** Multiply-adds for an H x W map: in/out projections, conv, 4 x (x_proj, dt_proj), scan ~3 N per channel-step. */
    public long multiplyAdds(long h, long w) {
        long len = h * w;
        return len * (3L * dInner * dModel + 9L * dInner
                + K * ((long) dInner * (dtRank + 2L * dState) + (long) dtRank * dInner + 3L * dInner * dState));
    }
}
