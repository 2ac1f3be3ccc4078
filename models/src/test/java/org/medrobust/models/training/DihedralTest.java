package org.medrobust.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DihedralTest {

    private static final int SIDE = 3;
    /** Distinct values, so every transform of it is distinct. */
    private static final float[] IMAGE = {0, 1, 2, 3, 4, 5, 6, 7, 8};

    @Test
    void theEightTransformsAreDistinctPermutationsStartingWithTheIdentity() {
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < Dihedral.COUNT; k++) {
            float[] out = transform(k, IMAGE);
            float[] sorted = out.clone();
            Arrays.sort(sorted);
            assertThat(sorted).containsExactly(IMAGE);
            seen.add(Arrays.toString(out));
        }
        assertThat(seen).hasSize(8);
        assertThat(transform(0, IMAGE)).containsExactly(IMAGE);
    }

    @Test
    void flipsAndTransposeMoveThePixelsTheyShould() {
        assertThat(transform(1, IMAGE)).containsExactly(2, 1, 0, 5, 4, 3, 8, 7, 6);
        assertThat(transform(2, IMAGE)).containsExactly(6, 7, 8, 3, 4, 5, 0, 1, 2);
        assertThat(transform(4, IMAGE)).containsExactly(0, 3, 6, 1, 4, 7, 2, 5, 8);
    }

    private static float[] transform(int k, float[] image) {
        float[] out = new float[image.length];
        Dihedral.apply(k, image, 0, out, 0, 1, SIDE);
        return out;
    }
}
