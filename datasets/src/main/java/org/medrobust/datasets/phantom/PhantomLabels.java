package org.medrobust.datasets.phantom;

import java.util.SplittableRandom;
import org.medrobust.datasets.Split;

/** Balanced labels in a seeded random order: exactly half of a split (the extra one for odd sizes) has a lesion. */
final class PhantomLabels {

    private PhantomLabels() {
    }

    static int[] of(long seed, Split split, int size) {
        int[] labels = new int[size];
        for (int i = size / 2; i < size; i++) {
            labels[i] = PhantomData.LESION;
        }
        SplittableRandom random = new SplittableRandom(PhantomSeeds.labels(seed, split));
        for (int i = size - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int swap = labels[i];
            labels[i] = labels[j];
            labels[j] = swap;
        }
        return labels;
    }
}
