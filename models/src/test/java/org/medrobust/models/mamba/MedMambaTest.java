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

/** MedMamba: channel shuffle, 28 x 28 adaptation, mode parity, size. */
class MedMambaTest {

    @BeforeAll
    static void engine() {
        DjlRuntime.ensureOfflineEngine();
    }

    @Test
    void channelShuffleInterleavesTheTwoHalves() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(6f).reshape(1, 1, 1, 6); // left 0 1 2, right 3 4 5
            assertThat(MedMamba.channelShuffle(x).toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        }
    }

    @Test
    void patchMergingFollowsSwinOrderAndPadsAnOddSide() {
        try (NDManager m = NDManager.newBaseManager()) {
            HierarchicalConfig c = MedMamba.standardConfig(28, 1, 2, 1);
            assertThat(c.patch()).isEqualTo(2);
            assertThat(c.side(0)).isEqualTo(14);
            assertThat(c.side(1)).isEqualTo(7);
            assertThat(new HierarchicalConfig(28, 1, 2, 4, new int[] {8, 16}, new int[] {1, 1}, 4, new float[] {0},
                    new float[] {1}, 1).side(1)).as("paper's patch 4: 7 -> padded to 8 -> 4").isEqualTo(4);
            // 3 x 3 map, 1 channel: padding to 4 x 4, then the 2x2 groups in Swin's order
            NDArray x = m.arange(1f, 10f).reshape(1, 3, 3, 1);
            NDArray padded = PatchMerging.pad(x);
            assertThat(padded.getShape()).isEqualTo(new Shape(1, 4, 4, 1));
            NDArray grouped = padded.reshape(1, 2, 2, 2, 2, 1).transpose(0, 1, 3, 4, 2, 5).reshape(1, 2, 2, 4);
            // top-left 2x2 block: x[0,0]=1, x[1,0]=4, x[0,1]=2, x[1,1]=5
            assertThat(grouped.get(0).get(0).get(0).toFloatArray()).containsExactly(1, 4, 2, 5);
            assertThat(grouped.get(0).get(1).get(1).toFloatArray()).containsExactly(9, 0, 0, 0);
        }
    }

    @Test
    void bothScanModesGiveTheSameLogitsAt28By28() {
        try (NDManager m = NDManager.newBaseManager()) {
            MedMamba model = new MedMamba(MedMamba.standardConfig(28, 1, 3, 8));
            model.initialize(m, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            MambaBlockTest.perturbSpecialParameters(model, 6);
            assertThat(model.scans()).hasSize(4);
            NDArray x = m.create(VimTest.images(2 * 28 * 28, 13), new Shape(2, 1, 28, 28));
            float[][] logits = new float[ScanMode.values().length][];
            for (ScanMode mode : ScanMode.values()) {
                model.setScanMode(mode);
                logits[mode.ordinal()] = model.forward(new ParameterStore(m, false), new NDList(x), false).head()
                        .toFloatArray();
            }
            assertThat(logits[0]).hasSize(6);
            assertThat(MambaBlockTest.maxRelativeError(logits[1], VimTest.toDoubles(logits[0]))).isLessThan(1e-4);
            assertThat(MambaBlockTest.maxRelativeError(logits[2], VimTest.toDoubles(logits[0]))).isLessThan(1e-4);
        }
    }

    @Test
    void documentedConfigurationsHaveBetweenPointThreeAndOnePointFiveMillionParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] s : new int[][] {{28, 1, 2}, {28, 3, 10}, {32, 3, 2}, {64, 3, 10}}) {
                MedMamba model = new MedMamba(MedMamba.standardConfig(s[0], s[1], s[2], 1));
                model.initialize(m, DataType.FLOAT32, new Shape(1, s[1], s[0], s[0]));
                NDArray out = model.forward(new ParameterStore(m, false),
                        new NDList(m.zeros(new Shape(1, s[1], s[0], s[0]))), false).head();
                assertThat(out.getShape()).isEqualTo(new Shape(1, s[2]));
                long n = VimTest.parameterCount(model);
                System.out.printf("MedMamba %dx%d C=%d K=%d: %d parameters, %d multiply-adds per image%n", s[0],
                        s[0], s[1], s[2], n, model.multiplyAdds());
                assertThat(n).isBetween(300_000L, 1_500_000L);
            }
        }
    }
}
