package org.medrobust.models.mamba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.scan.ScanShape;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Inputs64;

/** MambaBlock: mamba_ssm's init, a float64 reference written out here, and the two scan modes. */
class MambaBlockTest {

    @BeforeAll
    static void engine() {
        DjlRuntime.ensureOfflineEngine();
    }

    @Test
    void specialInitsHoldAfterInitializeEvenUnderATrainersDefaultInitializers() {
        for (boolean viaTrainer : new boolean[] {false, true}) {
            try (Model model = Model.newInstance("init")) {
                MambaBlock block = new MambaBlock(40, 16, true, 7);
                model.setBlock(block);
                Shape in = new Shape(1, 5, 40);
                if (viaTrainer) {
                    // DefaultTrainingConfig sets Xavier on every WEIGHT parameter before initializing
                    try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                        t.initialize(in);
                        checkInits(block);
                    }
                } else {
                    block.initialize(model.getNDManager(), DataType.FLOAT32, in);
                    checkInits(block);
                }
            }
        }
    }

    private static void checkInits(MambaBlock block) {
        int di = block.dInner(), n = block.dState(), r = block.dtRankValue();
        assertThat(r).isEqualTo(3); // ceil(40 / 16)
        for (String s : new String[] {"", "_b"}) {
            float[] aLog = array(block, "A" + s + "_log");
            assertThat(aLog).hasSize(di * n);
            for (int i = 0; i < aLog.length; i++) {
                assertThat(aLog[i]).as("A_log[%d]", i).isEqualTo((float) Math.log(1 + i % n));
            }
            assertThat(array(block, "D" + s)).hasSize(di).containsOnly(1f);
            float[] bias = array(block, "dt_proj" + s + "_bias");
            double lo = Double.MAX_VALUE, hi = 0;
            for (float b : bias) {
                double dt = ReferenceSelectiveScan.softplus(b);
                assertThat(dt).isBetween(1e-4 * (1 - 1e-5), 1e-1 * (1 + 1e-5));
                lo = Math.min(lo, dt);
                hi = Math.max(hi, dt);
            }
            assertThat(lo).as("log-uniform spread").isLessThan(3e-3);
            assertThat(hi).isGreaterThan(3e-2);
            float[] w = array(block, "dt_proj" + s + "_weight");
            double bound = Math.pow(r, -0.5);
            double max = 0;
            for (float v : w) {
                assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
                max = Math.max(max, Math.abs(v));
            }
            assertThat(max).isGreaterThan(0.8 * bound);
        }
    }

    static float[] array(ai.djl.nn.Block block, String name) {
        return block.getParameters().get(name).getArray().toFloatArray();
    }

    @Test
    void forwardMatchesAFloat64ReferenceInBothModesAndBothDirections() {
        for (boolean bi : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                int dm = 24, n = 8, len = 11, batch = 2;
                MambaBlock block = new MambaBlock(dm, n, bi, 3);
                block.initialize(m, DataType.FLOAT32, new Shape(batch, len, dm));
                perturbSpecialParameters(block, 5);
                float[] u = random(batch * len * dm, 11, 1.0);
                double[] expected = reference(block, u, batch, len);
                for (ScanMode mode : ScanMode.values()) {
                    block.setScanMode(mode);
                    NDArray x = m.create(u, new Shape(batch, len, dm));
                    float[] got = block.forward(new ParameterStore(m, false), new NDList(x), false).head()
                            .toFloatArray();
                    assertThat(maxRelativeError(got, expected)).as("%s bidirectional=%s", mode, bi)
                            .isLessThan(1e-4);
                }
            }
        }
    }

    @Test
    void fastInferenceRefusesTraining() {
        try (NDManager m = NDManager.newBaseManager()) {
            MambaBlock block = new MambaBlock(8, 4, false, 1);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8));
            block.setScanMode(ScanMode.FAST_INFERENCE);
            NDArray x = m.ones(new Shape(1, 3, 8));
            assertThatThrownBy(() -> block.forward(new ParameterStore(m, false), new NDList(x), true))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("DIFFERENTIABLE");
        }
    }

    /** Moves A_log, D and dt_proj off their init values so that the reference really reads them. */
    static void perturbSpecialParameters(ai.djl.nn.Block block, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        block.getParameters().forEach(p -> {
            String name = p.getKey();
            if (name.contains("A") && name.endsWith("_log") || name.endsWith("D") || name.endsWith("D_b")
                    || name.contains("dt_proj")) {
                NDArray a = p.getValue().getArray();
                float[] v = new float[Math.toIntExact(a.size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (0.3 * (2 * r.nextDouble() - 1));
                }
                try (NDArray noise = a.getManager().create(v, a.getShape())) {
                    a.addi(noise.toType(a.getDataType(), false));
                }
            }
        });
    }

    static float[] random(int size, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (scale * (2 * r.nextDouble() - 1));
        }
        return v;
    }

    static double maxRelativeError(float[] got, double[] expected) {
        assertThat(got).hasSize(expected.length);
        double scale = 0, err = 0;
        for (int i = 0; i < got.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(got[i] - expected[i]));
        }
        assertThat(scale).isGreaterThan(0);
        return err / scale;
    }

    // ------------------------------------------------------------------ the reference, by hand, in double

    /** mamba_ssm's Mamba.forward (and Vim's v2 bimamba) on u (batch, len, d_model) row-major. */
    static double[] reference(MambaBlock block, float[] u, int batch, int len) {
        int dm = block.dModel(), di = block.dInner();
        double[] inW = d(array(block, "in_proj_weight")); // (2di, dm)
        double[] outW = d(array(block, "out_proj_weight")); // (dm, di)
        // xz[b][c][t]
        double[][][] x = new double[batch][di][len], z = new double[batch][di][len];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < len; t++) {
                for (int c = 0; c < 2 * di; c++) {
                    double s = 0;
                    for (int k = 0; k < dm; k++) {
                        s += inW[c * dm + k] * u[(b * len + t) * dm + k];
                    }
                    (c < di ? x[b][c] : z[b][c - di])[t] = s;
                }
            }
        }
        double[][][] y = branch(block, "", x, z);
        if (block.bidirectional()) {
            double[][][] yb = flip(branch(block, "_b", flip(x), flip(z)));
            for (int b = 0; b < batch; b++) {
                for (int c = 0; c < di; c++) {
                    for (int t = 0; t < len; t++) {
                        y[b][c][t] = (y[b][c][t] + yb[b][c][t]) / 2;
                    }
                }
            }
        }
        double[] out = new double[batch * len * dm];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < len; t++) {
                for (int o = 0; o < dm; o++) {
                    double s = 0;
                    for (int c = 0; c < di; c++) {
                        s += outW[o * di + c] * y[b][c][t];
                    }
                    out[(b * len + t) * dm + o] = s;
                }
            }
        }
        return out;
    }

    private static double[][][] branch(MambaBlock block, String s, double[][][] x, double[][][] z) {
        int batch = x.length, di = block.dInner(), len = x[0][0].length, n = block.dState(), r = block.dtRankValue();
        double[] convW = d(array(block, "conv1d" + s + "_weight")); // (di, 1, 4)
        double[] convB = d(array(block, "conv1d" + s + "_bias"));
        double[] xProj = d(array(block, "x_proj" + s + "_weight")); // (r + 2n, di)
        double[] dtW = d(array(block, "dt_proj" + s + "_weight")); // (di, r)
        double[] dtB = d(array(block, "dt_proj" + s + "_bias"));
        double[] aLog = d(array(block, "A" + s + "_log"));
        double[] dSkip = d(array(block, "D" + s));
        ScanShape shape = ScanShape.of(batch, di, n, len);
        double[] uu = new double[shape.sequenceSize()], delta = new double[shape.sequenceSize()];
        double[] zz = new double[shape.sequenceSize()];
        double[] bb = new double[shape.bcSize()], cc = new double[shape.bcSize()];
        for (int b = 0; b < batch; b++) {
            double[][] xc = new double[di][len];
            for (int c = 0; c < di; c++) {
                for (int t = 0; t < len; t++) {
                    double v = convB[c];
                    for (int k = 0; k < 4; k++) {
                        int j = t + k - 3;
                        v += j >= 0 ? convW[c * 4 + k] * x[b][c][j] : 0;
                    }
                    xc[c][t] = v / (1 + Math.exp(-v));
                    uu[(b * di + c) * len + t] = xc[c][t];
                    zz[(b * di + c) * len + t] = z[b][c][t];
                }
            }
            for (int t = 0; t < len; t++) {
                double[] dbl = new double[r + 2 * n];
                for (int o = 0; o < dbl.length; o++) {
                    for (int c = 0; c < di; c++) {
                        dbl[o] += xProj[o * di + c] * xc[c][t];
                    }
                }
                for (int c = 0; c < di; c++) {
                    double v = 0;
                    for (int k = 0; k < r; k++) {
                        v += dtW[c * r + k] * dbl[k];
                    }
                    delta[(b * di + c) * len + t] = v;
                }
                for (int k = 0; k < n; k++) {
                    bb[(b * n + k) * len + t] = dbl[r + k];
                    cc[(b * n + k) * len + t] = dbl[r + n + k];
                }
            }
        }
        double[] a = new double[aLog.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = -Math.exp(aLog[i]);
        }
        double[] out = ReferenceSelectiveScan.forward64(new Inputs64(shape, uu, delta, a, bb, cc, dSkip, zz, dtB,
                true)).out();
        double[][][] y = new double[batch][di][len];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < di; c++) {
                System.arraycopy(out, (b * di + c) * len, y[b][c], 0, len);
            }
        }
        return y;
    }

    private static double[][][] flip(double[][][] v) {
        double[][][] f = new double[v.length][v[0].length][];
        for (int b = 0; b < v.length; b++) {
            for (int c = 0; c < v[0].length; c++) {
                int len = v[b][c].length;
                f[b][c] = new double[len];
                for (int t = 0; t < len; t++) {
                    f[b][c][t] = v[b][c][len - 1 - t];
                }
            }
        }
        return f;
    }

    private static double[] d(float[] f) {
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = f[i];
        }
        return v;
    }
}
