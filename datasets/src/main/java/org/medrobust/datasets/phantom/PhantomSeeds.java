package org.medrobust.datasets.phantom;

import org.medrobust.datasets.Split;

/**
 * Derives independent, stable seeds from (root seed, split, index), so each image is a pure function of them and can
 * be regenerated alone or in parallel. The mixer is written out here (not borrowed from JDK internals) so that the
 * same inputs give the same images on every JDK.
 */
final class PhantomSeeds {

    private static final long LABELS = 0x6C6162656C73L; // "labels": salt for the label permutation stream

    private PhantomSeeds() {
    }

    /** Seed of image {@code index} of {@code split}. */
    static long image(long seed, Split split, int index) {
        return mix(splitSeed(seed, split) + mix(index + 1L));
    }

    /** Seed of the balanced label order of {@code split}. */
    static long labels(long seed, Split split) {
        return mix(splitSeed(seed, split) ^ LABELS);
    }

    private static long splitSeed(long seed, Split split) {
        // The split key's String.hashCode is specified by the JLS, unlike enum ordinals it survives reordering.
        return mix(mix(seed) ^ split.key().hashCode());
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser: a bijective 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
