package org.medrobust.models.mamba;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.scan.djl.DjlSelectiveScan;

/** VMamba: cross-scan/cross-merge, SS2D's grouped scan and inits, mode parity, size. */
class VMambaTest {

    @BeforeAll
    static void engine() {
        DjlRuntime.ensureOfflineEngine();
    }

    @Test
    void crossScanReadsTheFourOrdersAndCrossMergeUndoesThemExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            // one channel, H = 2, W = 3: 0 1 2 / 3 4 5
            NDArray x = m.arange(6f).reshape(1, 1, 2, 3);
            NDArray s = SS2D.crossScan(x);
            assertThat(s.getShape()).isEqualTo(new Shape(1, 4, 1, 6));
            assertThat(s.toFloatArray()).containsExactly(
                    0, 1, 2, 3, 4, 5, // row-major
                    0, 3, 1, 4, 2, 5, // column-major
                    5, 4, 3, 2, 1, 0, // row-major reversed
                    5, 2, 4, 1, 3, 0); // column-major reversed
            // round trip on a random non-square batch: merge(scan(x)) = 4 x, bit for bit
            NDArray r = m.randomUniform(-1, 1, new Shape(2, 3, 5, 7));
            NDArray merged = SS2D.crossMerge(SS2D.crossScan(r), 5, 7);
            assertThat(merged.toFloatArray()).containsExactly(r.mul(4f).toFloatArray());
        }
    }

    @Test
    void ss2dIsFourIndependentScansOneGroupPerDirectionAndBothModesAgree() {
        try (NDManager m = NDManager.newBaseManager()) {
            SS2D ss2d = new SS2D(8, 4, 21);
            ss2d.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4, 8));
            MambaBlockTest.perturbSpecialParameters(ss2d, 3);
            NDArray x = m.create(MambaBlockTest.random(2 * 3 * 4 * 8, 4, 1.0), new Shape(2, 3, 4, 8));
            float[][] out = new float[ScanMode.values().length][];
            for (ScanMode mode : ScanMode.values()) {
                ss2d.setScanMode(mode);
                out[mode.ordinal()] = ss2d.forward(new ParameterStore(m, false), new NDList(x), false).head()
                        .toFloatArray();
            }
            assertThat(MambaBlockTest.maxRelativeError(out[1], VimTest.toDoubles(out[0]))).isLessThan(1e-4);
            assertThat(MambaBlockTest.maxRelativeError(out[2], VimTest.toDoubles(out[0]))).isLessThan(1e-4);
            // the grouped scan equals four separate ungrouped scans, direction k using B_k, C_k and its own rows of
            // A, D, delta_bias (checks the (N, 4 d_inner, L) channel order against the (N, 4, N, L) groups)
            int di = 16, n = 4, len = 12, k = 4;
            NDArray u = m.randomUniform(-1, 1, new Shape(2, k * di, len));
            NDArray delta = m.randomUniform(-1, 1, new Shape(2, k * di, len));
            NDArray b = m.randomUniform(-1, 1, new Shape(2, k, n, len));
            NDArray c = m.randomUniform(-1, 1, new Shape(2, k, n, len));
            NDArray a = m.randomUniform(-2, -0.1f, new Shape(k * di, n));
            NDArray d = m.randomUniform(0, 1, new Shape(k * di));
            NDArray bias = m.randomUniform(-1, 1, new Shape(k * di));
            for (ScanMode mode : ScanMode.values()) {
                float[] grouped = MambaBlock.selectiveScan(mode, u, delta, a, b, c, d, null, bias).toFloatArray();
                NDList us = u.split(k, 1), ds = delta.split(k, 1), bs = b.split(k, 1), cs = c.split(k, 1);
                NDList as = a.split(k, 0), dd = d.split(k, 0), biases = bias.split(k, 0);
                NDList outs = new NDList();
                for (int i = 0; i < k; i++) {
                    outs.add(DjlSelectiveScan.scan(us.get(i), ds.get(i), as.get(i), bs.get(i).reshape(2, n, len),
                            cs.get(i).reshape(2, n, len), dd.get(i), null, biases.get(i), true, false).head());
                }
                float[] separate = ai.djl.ndarray.NDArrays.concat(outs, 1).toFloatArray();
                assertThat(MambaBlockTest.maxRelativeError(grouped, VimTest.toDoubles(separate))).as("%s", mode)
                        .isLessThan(1e-5);
            }
        }
    }

    @Test
    void ss2dSpecialInitsHold() {
        try (NDManager m = NDManager.newBaseManager()) {
            SS2D ss2d = new SS2D(48, 16, 2);
            ss2d.initialize(m, DataType.FLOAT32, new Shape(1, 4, 4, 48));
            int n = 16, r = ss2d.dtRankValue();
            assertThat(r).isEqualTo(3);
            float[] aLogs = MambaBlockTest.array(ss2d, "A_logs");
            assertThat(aLogs).hasSize(4 * 96 * n);
            for (int i = 0; i < aLogs.length; i++) {
                assertThat(aLogs[i]).isEqualTo((float) Math.log(1 + i % n));
            }
            assertThat(MambaBlockTest.array(ss2d, "Ds")).hasSize(4 * 96).containsOnly(1f);
            for (float bias : MambaBlockTest.array(ss2d, "dt_projs_bias")) {
                assertThat(org.medrobust.models.scan.reference.ReferenceSelectiveScan.softplus(bias))
                        .isBetween(1e-4 * (1 - 1e-5), 1e-1 * (1 + 1e-5));
            }
            for (float w : MambaBlockTest.array(ss2d, "dt_projs_weight")) {
                assertThat(Math.abs(w)).isLessThanOrEqualTo((float) Math.pow(r, -0.5));
            }
        }
    }

    @Test
    void bothScanModesGiveTheSameLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            VMamba model = new VMamba(VMamba.standardConfig(28, 3, 2, 8));
            model.initialize(m, DataType.FLOAT32, new Shape(2, 3, 28, 28));
            MambaBlockTest.perturbSpecialParameters(model, 6);
            assertThat(model.scans()).hasSize(6);
            NDArray x = m.create(VimTest.images(2 * 3 * 28 * 28, 12), new Shape(2, 3, 28, 28));
            float[][] logits = new float[ScanMode.values().length][];
            for (ScanMode mode : ScanMode.values()) {
                model.setScanMode(mode);
                logits[mode.ordinal()] = model.forward(new ParameterStore(m, false), new NDList(x), false).head()
                        .toFloatArray();
            }
            assertThat(logits[0]).hasSize(4);
            assertThat(MambaBlockTest.maxRelativeError(logits[1], VimTest.toDoubles(logits[0]))).isLessThan(1e-4);
            assertThat(MambaBlockTest.maxRelativeError(logits[2], VimTest.toDoubles(logits[0]))).isLessThan(1e-4);
        }
    }

    @Test
    void documentedConfigurationsHaveBetweenPointThreeAndOnePointFiveMillionParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] s : new int[][] {{28, 1, 2}, {28, 3, 10}, {32, 1, 2}, {64, 3, 10}}) {
                VMamba model = new VMamba(VMamba.standardConfig(s[0], s[1], s[2], 1));
                model.initialize(m, DataType.FLOAT32, new Shape(1, s[1], s[0], s[0]));
                NDArray out = model.forward(new ParameterStore(m, false),
                        new NDList(m.zeros(new Shape(1, s[1], s[0], s[0]))), false).head();
                assertThat(out.getShape()).isEqualTo(new Shape(1, s[2]));
                long n = VimTest.parameterCount(model);
                System.out.printf("VMamba %dx%d C=%d K=%d: %d parameters, %d multiply-adds per image%n", s[0], s[0],
                        s[1], s[2], n, model.multiplyAdds());
                assertThat(n).isBetween(300_000L, 1_500_000L);
            }
        }
    }
}
