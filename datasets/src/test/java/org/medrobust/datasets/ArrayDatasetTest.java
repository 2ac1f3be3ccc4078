package org.medrobust.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayDatasetTest {

    private final ArrayDataset dataset = new ArrayDataset("toy", new ImageShape(1, 1, 2),
            new float[] {0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f}, new int[] {1, 0, 1}, List.of("a", "b"));

    @Test
    void readsImagesBatchesAndLabelsAsCopies() {
        assertThat(dataset.size()).isEqualTo(3);
        assertThat(dataset.image(1).pixels()).containsExactly(0.2f, 0.3f);
        dataset.image(1).pixels()[0] = 9f;
        dataset.batch(0, 3).data()[2] = 9f;
        assertThat(dataset.image(1).pixels()).containsExactly(0.2f, 0.3f);
        assertThat(dataset.batch(1, 3).data()).containsExactly(0.2f, 0.3f, 0.4f, 0.5f);
        assertThat(dataset.labels(0, 3)).containsExactly(1, 0, 1);
        assertThat(dataset.classCounts()).containsExactly(1, 2);
        assertThatThrownBy(() -> dataset.image(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> dataset.batch(2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void refusesInconsistentArrays() {
        ImageShape shape = new ImageShape(1, 1, 2);
        assertThatThrownBy(() -> new ArrayDataset("x", shape, new float[5], new int[3], List.of("a")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArrayDataset("x", shape, new float[2], new int[] {2}, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 2 of sample 0");
    }
}
