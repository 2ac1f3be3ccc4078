package org.medrobust.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataSourceTest {

    private static final Dataset ONE = new ArrayDataset("toy", new ImageShape(1, 1, 1), new float[] {0f},
            new int[] {0}, List.of("a"));

    /* Map.copyOf iterates in an order salted per JVM: listing splits through it made error lines (which a failed
       scenario records in report.json) differ between two runs of one campaign. */
    @Test
    void listsItsSplitsInDeclarationOrderWhateverTheOrderGiven() {
        Map<Split, Dataset> reversed = new LinkedHashMap<>();
        reversed.put(Split.TEST, ONE);
        reversed.put(Split.TRAIN, ONE);
        reversed.put(Split.VAL, ONE);
        DataSource all = new DataSource("toy", "0", reversed);
        assertThat(all.available()).containsExactly(Split.TRAIN, Split.VAL, Split.TEST);
        assertThat(all.splits().keySet()).containsExactly(Split.TRAIN, Split.VAL, Split.TEST);

        Map<Split, Dataset> two = new LinkedHashMap<>();
        two.put(Split.TEST, ONE);
        two.put(Split.TRAIN, ONE);
        assertThatThrownBy(() -> new DataSource("toy", "0", two).split(Split.VAL))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("data set 'toy' has no val split (it has train, test)");
    }

    @Test
    void refusesChangesAndMissingDatasets() {
        DataSource source = new DataSource("toy", "0", Map.of(Split.TEST, ONE));
        assertThatThrownBy(() -> source.splits().put(Split.VAL, ONE)).isInstanceOf(UnsupportedOperationException.class);
        Map<Split, Dataset> withNull = new LinkedHashMap<>();
        withNull.put(Split.TEST, null);
        assertThatThrownBy(() -> new DataSource("toy", "0", withNull)).isInstanceOf(NullPointerException.class);
    }
}
