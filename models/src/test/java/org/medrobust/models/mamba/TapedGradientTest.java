package org.medrobust.models.mamba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.scan.djl.ScanTape;

/**
 * TAPED mode (CPU kernel + {@link ScanTape}) gives the same gradients as autograd through the NDArray scan
 * (DIFFERENTIABLE, itself checked against finite differences in {@link VimTest}): every parameter's and the input's, for
 * all three models, in a training-mode forward with several chained scans.
 */
class TapedGradientTest {

    private static final float[] GRAY_MEAN = {0.5f}, GRAY_STD = {0.25f};

    @BeforeAll
    static void engine() {
        DjlRuntime.ensureOfflineEngine();
    }

    @Test
    void vimGradientsMatchAutogradThroughTheNdArrayScan() {
        Vim vim = new Vim(new VimConfig(16, 1, 3, 4, 16, 3, 4, GRAY_MEAN, GRAY_STD, 31));
        assertSameGradients(vim, vim::setScanMode, 6);
    }

    @Test
    void vmambaGradientsMatchAutogradThroughTheNdArrayScan() {
        VMamba model = new VMamba(new HierarchicalConfig(12, 1, 3, 2, new int[] {8, 16}, new int[] {1, 2}, 4,
                GRAY_MEAN, GRAY_STD, 32));
        assertSameGradients(model, model::setScanMode, 3);
    }

    @Test
    void medmambaGradientsMatchAutogradThroughTheNdArrayScan() {
        MedMamba model = new MedMamba(new HierarchicalConfig(12, 1, 3, 2, new int[] {8, 16}, new int[] {1, 1}, 4,
                GRAY_MEAN, GRAY_STD, 33));
        assertSameGradients(model, model::setScanMode, 2);
    }

    @Test
    void theStandardVimConfigurationToo() {
        Vim vim = new Vim(VimConfig.standard(28, 1, 3, 5));
        assertSameGradients(vim, vim::setScanMode, 16);
    }

    @Test
    void aTrainingForwardWithoutATapeIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            Vim vim = new Vim(new VimConfig(8, 1, 2, 4, 8, 1, 4, GRAY_MEAN, GRAY_STD, 3));
            vim.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            vim.setScanMode(ScanMode.TAPED);
            NDArray x = m.create(VimTest.images(64, 1), new Shape(1, 1, 8, 8));
            assertThatThrownBy(() -> vim.forward(new ParameterStore(m, false), new NDList(x), true))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("ScanTape");
        }
    }

    /** Gradients of sum(logits * w) in both modes: parameters and input, relative to each array's largest entry. */
    private static void assertSameGradients(AbstractBlock model, Consumer<ScanMode> setMode, int expectedScans) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 1, modelSide(model), modelSide(model));
            model.initialize(m, DataType.FLOAT32, shape);
            MambaBlockTest.perturbSpecialParameters(model, 7);
            float[] image = VimTest.images((int) shape.size(), 19);
            setMode.accept(ScanMode.DIFFERENTIABLE);
            Map<String, float[]> expected = gradients(model, m, image, shape, false, 0);
            setMode.accept(ScanMode.TAPED);
            Map<String, float[]> got = gradients(model, m, image, shape, true, expectedScans);
            assertThat(got.keySet()).containsExactlyElementsOf(expected.keySet());
            double largest = expected.values().stream().mapToDouble(TapedGradientTest::maxAbs).max().orElse(0);
            int nonZero = 0;
            for (String name : expected.keySet()) {
                // relative to the array's largest entry, floored: a conv bias in front of a batch norm has a
                // gradient of rounding noise only (the norm removes it), which no two summation orders reproduce
                double scale = Math.max(maxAbs(expected.get(name)), 1e-3 * largest);
                assertThat(maxAbsDifference(got.get(name), expected.get(name)) / scale).as("gradient of %s", name)
                        .isLessThan(2e-4);
                nonZero += maxAbs(expected.get(name)) > 1e-6 * largest ? 1 : 0;
            }
            assertThat(nonZero).as("parameters with a gradient").isGreaterThan(expected.size() * 3 / 4);
        }
    }

    private static int modelSide(AbstractBlock model) {
        if (model instanceof Vim vim) {
            return vim.config().imageSize();
        }
        return ((HierarchicalMamba) model).config().imageSize();
    }

    private static Map<String, float[]> gradients(AbstractBlock model, NDManager m, float[] image, Shape shape,
                                                  boolean taped, int expectedScans) {
        return DjlRuntime.withGradients(collector -> {
            try (NDManager scope = m.newSubManager()) {
                NDArray x = scope.create(image, shape);
                x.setRequiresGradient(true);
                NDArray w = scope.create(new float[] {0.7f, -1.3f, 0.4f, 0.2f, 1.1f, -0.5f}, new Shape(2, 3));
                Map<String, float[]> grads = new LinkedHashMap<>();
                if (taped) {
                    try (ScanTape tape = ScanTape.record()) {
                        NDArray logits = model.forward(new ParameterStore(scope, false), new NDList(x), true).head();
                        assertThat(tape.size()).as("scans recorded").isEqualTo(expectedScans);
                        collectGarbage();
                        tape.backward(logits.mul(w).sum());
                    }
                } else {
                    NDArray logits = model.forward(new ParameterStore(scope, false), new NDList(x), true).head();
                    collectGarbage();
                    collector.backward(logits.mul(w).sum());
                }
                grads.put("input", x.getGradient().toFloatArray());
                for (Pair<String, Parameter> p : model.getParameters()) {
                    NDArray array = p.getValue().getArray();
                    if (array.hasGradient()) {
                        grads.put(p.getKey(), array.getGradient().toFloatArray());
                    }
                }
                return grads;
            }
        });
    }

    /**
     * A collection between forward and backward: it frees the Java buffers of any tensor that DJL closed although
     * autograd still holds it (see {@link org.medrobust.models.djl.Scalars}); without the fix this test then fails.
     */
    private static void collectGarbage() {
        System.gc();
    }

    private static double maxAbsDifference(float[] got, float[] expected) {
        assertThat(got).hasSize(expected.length);
        double max = 0;
        for (int i = 0; i < got.length; i++) {
            max = Math.max(max, Math.abs((double) got[i] - expected[i]));
        }
        return max;
    }

    private static double maxAbs(float[] v) {
        double max = 0;
        for (float f : v) {
            max = Math.max(max, Math.abs(f));
        }
        return max;
    }
}
