package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorruptionErrorTest {

    private static Map<String, double[]> errors(Object... pairs) {
        Map<String, double[]> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (double[]) pairs[i + 1]);
        }
        return map;
    }

    // model: clean 0.10; noise 0.2,0.3,0.4,0.5,0.6 (sum 2.0); blur 0.1,0.1,0.2,0.2,0.4 (sum 1.0)
    // base:  clean 0.20; noise 0.4,0.5,0.6,0.7,0.8 (sum 3.0); blur 0.3,0.3,0.4,0.4,0.6 (sum 2.0)
    private static final CorruptionError.Errors MODEL = new CorruptionError.Errors(0.10, errors(
            "noise", new double[] {0.2, 0.3, 0.4, 0.5, 0.6}, "blur", new double[] {0.1, 0.1, 0.2, 0.2, 0.4}));
    private static final CorruptionError.Errors BASE = new CorruptionError.Errors(0.20, errors(
            "noise", new double[] {0.4, 0.5, 0.6, 0.7, 0.8}, "blur", new double[] {0.3, 0.3, 0.4, 0.4, 0.6}));

    @Test
    void ceAndMceByHand() {
        CorruptionError.Summary ce = CorruptionError.ce(MODEL, BASE);
        // CE_noise = 2.0 / 3.0, CE_blur = 1.0 / 2.0, mCE = (0.6667 + 0.5) / 2
        assertThat(ce.perCorruption().get("noise")).isCloseTo(2.0 / 3.0, within(1e-12));
        assertThat(ce.perCorruption().get("blur")).isCloseTo(0.5, within(1e-12));
        assertThat(ce.mean()).isCloseTo((2.0 / 3.0 + 0.5) / 2, within(1e-12));
        assertThat(ce.perCorruption().keySet()).containsExactly("noise", "blur");
    }

    @Test
    void relativeMceByHand() {
        CorruptionError.Summary rce = CorruptionError.relativeCe(MODEL, BASE);
        // noise: (2.0 - 5 * 0.1) / (3.0 - 5 * 0.2) = 1.5 / 2.0; blur: (1.0 - 0.5) / (2.0 - 1.0) = 0.5
        assertThat(rce.perCorruption().get("noise")).isCloseTo(0.75, within(1e-12));
        assertThat(rce.perCorruption().get("blur")).isCloseTo(0.5, within(1e-12));
        assertThat(rce.mean()).isCloseTo(0.625, within(1e-12));
    }

    @Test
    void beAndRbeAgainstAnAveragedBaselineLikeMedmnistC() {
        // MedMNIST-C pneumoniamnist AlexNet: clean 0.10085..., pixelate 0.22102..., gaussian_noise 0.44145...
        CorruptionError.Errors alexnet = new CorruptionError.Errors(0.10085470085470083, errors(
                "pixelate", new double[] {0.22102564102564104}, "gaussian_noise", new double[] {0.4414529914529915}));
        CorruptionError.Errors model = new CorruptionError.Errors(0.08, errors(
                "pixelate", new double[] {0.10, 0.12, 0.14, 0.16, 0.18},
                "gaussian_noise", new double[] {0.20, 0.25, 0.30, 0.35, 0.40}));
        CorruptionError.Summary be = CorruptionError.be(model, alexnet);
        CorruptionError.Summary rbe = CorruptionError.relativeBe(model, alexnet);
        // pixelate: mean 0.14; BE = 0.14 / 0.221026 = 0.633411; rBE = (0.14 - 0.08) / (0.221026 - 0.100855) = 0.499288
        assertThat(be.perCorruption().get("pixelate")).isCloseTo(0.14 / 0.22102564102564104, within(1e-12));
        assertThat(be.perCorruption().get("pixelate")).isCloseTo(0.633411, within(1e-6));
        assertThat(rbe.perCorruption().get("pixelate")).isCloseTo(0.499288, within(1e-6));
        // gaussian_noise: mean 0.30; BE = 0.679574; rBE = 0.22 / 0.340598 = 0.645922
        assertThat(be.perCorruption().get("gaussian_noise")).isCloseTo(0.679574, within(1e-6));
        assertThat(rbe.perCorruption().get("gaussian_noise")).isCloseTo(0.645922, within(1e-6));
        assertThat(be.mean()).isCloseTo((0.633411 + 0.679574) / 2, within(1e-6));
    }

    @Test
    void undefinedRatiosAreNanAndMissingBaselinesRefused() {
        CorruptionError.Errors flat = new CorruptionError.Errors(0.2, errors("noise", new double[] {0.2, 0.2},
                "blur", new double[] {0.0, 0.0}));
        CorruptionError.Errors model = new CorruptionError.Errors(0.1, errors("noise", new double[] {0.3, 0.3},
                "blur", new double[] {0.1, 0.1}));
        assertThat(CorruptionError.relativeCe(model, flat).perCorruption().get("noise")).isNaN();
        assertThat(CorruptionError.ce(model, flat).perCorruption().get("blur")).isNaN();
        assertThat(CorruptionError.ce(model, flat).mean()).isNaN();
        assertThatThrownBy(() -> CorruptionError.ce(model, new CorruptionError.Errors(0.2, errors(
                "noise", new double[] {0.5})))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'blur'");
    }
}
