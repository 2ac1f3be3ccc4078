package org.medrobust.perturbations.medical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.perturbations.Perturbation;

class CharactersTest {

    @Test
    void glyphAIsLaidOutFromItsHersheyCoordinates() {
        // rowmand 'a' (glyph 2601): bounds H..\ = -10..10, strokes x K..X = -7..6, y M..[ = -5..9 (9 = baseline).
        // At font scale 1 with the pen at (50, 50): x 50 + (-7 + 10) = 53 .. 50 + 16 = 66, y 50 - 14 = 36 .. 50;
        // a 1 px anti-aliased stroke reaches the pixels whose centres lie within 1 px: columns 52..66, rows 35..50.
        double[] alpha = Characters.coverage("a", 50, 50, 1.0, 1.0, 100, 100);
        int minX = 100;
        int maxX = -1;
        int minY = 100;
        int maxY = -1;
        for (int i = 0; i < alpha.length; i++) {
            if (alpha[i] > 0) {
                minX = Math.min(minX, i % 100);
                maxX = Math.max(maxX, i % 100);
                minY = Math.min(minY, i / 100);
                maxY = Math.max(maxY, i / 100);
            }
            assertThat(alpha[i]).isBetween(0.0, 1.0);
        }
        assertThat(new int[] {minX, maxX, minY, maxY}).containsExactly(52, 66, 35, 50);
        // the next letter starts one glyph width (20 units) further: "aa" reaches 20 columns further right
        double[] two = Characters.coverage("aa", 50, 50, 1.0, 1.0, 100, 100);
        assertThat(two[40 * 100 + 86]).isGreaterThan(0.0).isEqualTo(alpha[40 * 100 + 66]);
    }

    @Test
    @SuppressWarnings("unchecked")
    void drawsWithinThePublishedParameterRangesAndOnlyNearTheWords() {
        float[] gray = new float[3 * 224 * 224];
        Arrays.fill(gray, 0.5f);
        Image image = new Image(new ImageShape(3, 224, 224), gray);
        double[][] published = {{1, 6, .14}, {2, 7, .15}, {3, 8, .16}, {4, 9, .17}, {6, 10, .18}};
        for (int severity = 1; severity <= 5; severity++) {
            assertThat(MedmnistC.parameters("dermamnist", "characters", severity)).containsExactly(published[severity - 1]);
            Perturbation p = MedmnistC.create("dermamnist", "characters", severity, Resolution.SCALED);
            for (int seed = 0; seed < 20; seed++) {
                Perturbation.Perturbed out = p.applyRecorded(image, new SplittableRandom(seed));
                List<Map<String, Object>> words = (List<Map<String, Object>>) out.sampled().get("words");
                assertThat(words.size()).isBetween(1, (int) published[severity - 1][0]);
                boolean[] near = new boolean[224 * 224];
                for (Map<String, Object> w : words) {
                    String text = (String) w.get("text");
                    assertThat(text).matches("[a-z]{3," + (int) published[severity - 1][1] + "}");
                    assertThat((double) w.get("font_scale")).isBetween(0.14, published[severity - 1][2]);
                    List<Integer> xy = (List<Integer>) w.get("x_y_224px");
                    assertThat(xy.get(0)).isBetween(10, 224 - 8 * text.length());
                    assertThat(xy.get(1)).isBetween(10, 214);
                    // letters at most 20 units wide and 21 tall (above the baseline 9 + descenders 7) at scale <= .18
                    for (int y = Math.max(0, xy.get(1) - 6); y <= Math.min(223, xy.get(1) + 3); y++) {
                        for (int x = Math.max(0, xy.get(0) - 2); x <= Math.min(223, xy.get(0) + 4 * text.length() + 2); x++) {
                            near[y * 224 + x] = true;
                        }
                    }
                }
                float[] px = out.image().pixels();
                int changed = 0;
                for (int i = 0; i < px.length; i++) {
                    if (px[i] != 0.5f) {
                        changed++;
                        assertThat(near[i % (224 * 224)]).as("pixel %d changed far from every word", i).isTrue();
                    }
                }
                assertThat(changed).isPositive();
            }
        }
    }
}
