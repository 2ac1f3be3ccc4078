package org.medrobust.perturbations.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;

/**
 * {@link MacenkoStain} against the reference implementation: torchstain 1.3.0's numpy {@code NumpyMacenkoNormalizer}
 * (adapted from HEnorm_python), run on a fixed 24x24 slide by {@code macenko/make_expected.py} (in this test's
 * resources, with the command that made {@code expected.txt}). The stain matrix and the maximum concentrations must
 * agree to 1e-6; the normalised slide (torchstain truncates to uint8) to one grey level, because our float result
 * truncated can sit on the other side of an integer than numpy's float64.
 */
public class MacenkoReferenceTest {

    private static final int SIDE = 24;

    @Test
    void stainsAndNormalisedSlideMatchTorchstain() throws IOException {
        Image slide = referenceSlide();
        List<double[]> he = rows("expected.txt", "HE");
        double[] maxC = rows("expected.txt", "maxC").getFirst();
        MacenkoStain.Stains stains = MacenkoStain.estimate(slide);
        for (int k = 0; k < 3; k++) {
            assertThat(stains.hematoxylin()[k]).as("H[%d]", k).isCloseTo(he.get(k)[0], within(1e-6));
            assertThat(stains.eosin()[k]).as("E[%d]", k).isCloseTo(he.get(k)[1], within(1e-6));
        }
        assertThat(stains.maxHematoxylin()).isCloseTo(maxC[0], within(1e-6));
        assertThat(stains.maxEosin()).isCloseTo(maxC[1], within(1e-6));

        List<double[]> expected = rows("expected.txt", "Inorm");
        float[] got = MacenkoStain.normalize(slide, MacenkoStain.REFERENCE).pixels();
        int plane = SIDE * SIDE;
        int exact = 0;
        for (int p = 0; p < plane; p++) {
            for (int k = 0; k < 3; k++) {
                double truncated = Math.floor(got[k * plane + p] * 255.0 + 1e-9);
                assertThat(truncated).as("pixel %d channel %d", p, k).isCloseTo(expected.get(p)[k], within(1.0));
                exact += truncated == expected.get(p)[k] ? 1 : 0;
            }
        }
        assertThat(exact).as("grey levels equal to torchstain's").isGreaterThan(3 * plane * 95 / 100);
    }

    /** The fixed 24x24 slide of {@code macenko/input.txt}. */
    public static Image referenceSlide() throws IOException {
        List<double[]> pixels = rows("input.txt", null);
        int plane = SIDE * SIDE;
        float[] x = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int k = 0; k < 3; k++) {
                x[k * plane + p] = (float) (pixels.get(p)[k] / 255);
            }
        }
        return new Image(new ImageShape(3, SIDE, SIDE), x);
    }

    /** The numeric rows of a resource file after the line {@code section} (null: from the start) up to the next label. */
    private static List<double[]> rows(String file, String section) throws IOException {
        try (InputStream in = MacenkoReferenceTest.class.getResourceAsStream("macenko/" + file)) {
            List<double[]> rows = new ArrayList<>();
            boolean inside = section == null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (Character.isLetter(line.charAt(0))) {
                    if (inside && section != null) {
                        break;
                    }
                    inside = line.equals(section);
                    continue;
                }
                if (inside) {
                    rows.add(java.util.Arrays.stream(line.trim().split(" +")).mapToDouble(Double::parseDouble).toArray());
                }
            }
            return rows;
        }
    }
}
