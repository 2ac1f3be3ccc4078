package org.medrobust.models.mamba;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medrobust.models.djl.DjlRuntime;

/** Vision Mamba: mode parity, middle class token, size, input gradients, a few training steps. */
class VimTest {

    @BeforeAll
    static void engine() {
        DjlRuntime.ensureOfflineEngine();
    }

    static long parameterCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    @Test
    void bothScanModesGiveTheSameLogitsOnTheSameWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            Vim vim = new Vim(VimConfig.standard(28, 1, 2, 42));
            vim.initialize(m, DataType.FLOAT32, new Shape(3, 1, 28, 28));
            MambaBlockTest.perturbSpecialParameters(vim, 9);
            NDArray x = m.create(images(3 * 28 * 28, 5), new Shape(3, 1, 28, 28));
            float[][] logits = new float[ScanMode.values().length][];
            for (ScanMode mode : ScanMode.values()) {
                vim.setScanMode(mode);
                logits[mode.ordinal()] = vim.forward(new ParameterStore(m, false), new NDList(x), false).head()
                        .toFloatArray();
            }
            assertThat(logits[0]).hasSize(6);
            assertThat(MambaBlockTest.maxRelativeError(logits[1], toDoubles(logits[0]))).isLessThan(1e-4);
            assertThat(MambaBlockTest.maxRelativeError(logits[2], toDoubles(logits[0]))).isLessThan(1e-4);
        }
    }

    @Test
    void classTokenSitsInTheMiddleOfTheSequenceAndTheHeadReadsIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            VimConfig c = new VimConfig(28, 3, 2, 7, 16, 1, 4, new float[] {0.1f, 0.2f, 0.3f},
                    new float[] {0.5f, 0.6f, 0.7f}, 3);
            Vim vim = new Vim(c);
            vim.initialize(m, DataType.FLOAT32, new Shape(2, 3, 28, 28));
            assertThat(c.patches()).isEqualTo(16);
            assertThat(c.classTokenIndex()).isEqualTo(8);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.create(images(2 * 3 * 28 * 28, 6), new Shape(2, 3, 28, 28));
            NDArray seq = vim.embed(store, x, false); // (2, 17, 16)
            assertThat(seq.getShape()).isEqualTo(new Shape(2, 17, 16));
            NDArray pos = vim.getParameters().get("pos_embed").getArray().reshape(17, 16);
            NDArray cls = vim.getParameters().get("cls_token").getArray().reshape(16);
            NDArray normalised = Vim.normalise(x, c.mean(), c.std());
            NDArray patches = Conv2d.conv2d(normalised, vim.getParameters().get("patch_weight").getArray(),
                    vim.getParameters().get("patch_bias").getArray(), new Shape(7, 7)).head()
                    .reshape(2, 16, 16).transpose(0, 2, 1); // (2, 16 patches, 16)
            NDArray tokens = seq.sub(pos.expandDims(0));
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 17; t++) {
                    float[] got = tokens.get(b).get(t).toFloatArray();
                    float[] want = t == 8 ? cls.toFloatArray()
                            : patches.get(b).get(t < 8 ? t : t - 1).toFloatArray();
                    assertThat(got).as("token %d", t).containsExactly(want, org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
            // the head reads token 8: changing the class token changes the logits, through the blocks
            float[] before = vim.forward(store, new NDList(x), false).head().toFloatArray();
            vim.getParameters().get("cls_token").getArray().addi(0.5f);
            float[] after = vim.forward(store, new NDList(x), false).head().toFloatArray();
            assertThat(after).isNotEqualTo(before);
        }
    }

    @Test
    void documentedConfigurationsHaveBetweenPointThreeAndOnePointFiveMillionParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] s : new int[][] {{28, 1, 2}, {28, 3, 2}, {28, 1, 10}, {64, 3, 10}}) {
                Vim vim = new Vim(VimConfig.standard(s[0], s[1], s[2], 1));
                vim.initialize(m, DataType.FLOAT32, new Shape(1, s[1], s[0], s[0]));
                long n = parameterCount(vim);
                System.out.printf("Vim %dx%d C=%d K=%d: %d parameters, %d multiply-adds per image%n", s[0], s[0],
                        s[1], s[2], n, vim.multiplyAdds());
                assertThat(n).isBetween(300_000L, 1_500_000L);
            }
        }
    }

    @Test
    void inputGradientMatchesCentralFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            VimConfig c = new VimConfig(8, 1, 3, 4, 8, 2, 4, new float[] {0.5f}, new float[] {0.25f}, 17);
            Vim vim = new Vim(c);
            vim.initialize(m, DataType.FLOAT64, new Shape(1, 1, 8, 8));
            MambaBlockTest.perturbSpecialParameters(vim, 4);
            vim.setScanMode(ScanMode.DIFFERENTIABLE);
            float[] img = images(64, 8);
            double[] weights = {0.7, -1.3, 0.4};
            NDArray w = m.create(weights).reshape(1, 3);
            double[] grad = DjlRuntime.withGradients(collector -> {
                NDArray x = m.create(toDoubles(img), new Shape(1, 1, 8, 8));
                x.setRequiresGradient(true);
                NDArray logits = vim.forward(new ParameterStore(m, false), new NDList(x), false).head();
                collector.backward(logits.mul(w).sum());
                return x.getGradient().toDoubleArray();
            });
            double eps = 1e-5;
            for (int pixel : new int[] {0, 27, 45, 63}) {
                double[] plus = toDoubles(img), minus = toDoubles(img);
                plus[pixel] += eps;
                minus[pixel] -= eps;
                double fd = (objective(vim, m, plus, w) - objective(vim, m, minus, w)) / (2 * eps);
                assertThat(grad[pixel]).as("pixel %d", pixel).isCloseTo(fd, org.assertj.core.data.Offset.offset(
                        1e-6 + 1e-5 * Math.abs(fd)));
                assertThat(Math.abs(fd)).as("pixel %d matters", pixel).isGreaterThan(1e-4);
            }
        }
    }

    private static double objective(Vim vim, NDManager m, double[] img, NDArray w) {
        NDArray x = m.create(img, new Shape(1, 1, 8, 8));
        return vim.forward(new ParameterStore(m, false), new NDList(x), false).head().mul(w).sum().getDouble();
    }

    @Test
    void tenStepsOfPlainSgdLowerTheLossOnATinyBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            VimConfig c = new VimConfig(28, 1, 2, 7, 32, 2, 8, new float[] {0.5f}, new float[] {0.25f}, 5);
            Vim vim = new Vim(c);
            vim.initialize(m, DataType.FLOAT32, new Shape(8, 1, 28, 28));
            NDArray x = m.create(images(8 * 28 * 28, 10), new Shape(8, 1, 28, 28));
            NDArray y = m.create(new float[] {0, 1, 1, 0, 1, 0, 0, 1});
            Loss loss = Loss.softmaxCrossEntropyLoss();
            float[] losses = new float[11];
            for (int step = 0; step < 11; step++) {
                losses[step] = DjlRuntime.withGradients(collector -> {
                    NDArray logits = vim.forward(new ParameterStore(m, false), new NDList(x), true).head();
                    NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                    collector.backward(l);
                    return l.getFloat();
                });
                if (step < 10) {
                    for (Pair<String, Parameter> p : vim.getParameters()) {
                        NDArray a = p.getValue().getArray();
                        a.subi(a.getGradient().mul(0.01f));
                    }
                }
            }
            System.out.println("Vim SGD losses: " + java.util.Arrays.toString(losses));
            assertThat(losses[10]).isLessThan(0.8f * losses[0]);
        }
    }

    static float[] images(int size, long seed) {
        float[] v = MambaBlockTest.random(size, seed, 0.5);
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.5f;
        }
        return v;
    }

    static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
