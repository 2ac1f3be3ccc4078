package org.medrobust.datasets.phantom;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.medrobust.datasets.ArrayDataset;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.util.Sha256;

/**
 * The embedded default data set: procedural gray (1 x side x side) phantoms in two balanced classes, "no_lesion"
 * and "lesion". Needs no files. Every image is a pure function of (seed, split, index), so any one can be
 * regenerated alone ({@link #image}) and generation runs in parallel with identical results.
 */
public final class PhantomData {

    /** Bump whenever the drawing changes: it is part of the data source's identity (sha256). */
    public static final int GENERATOR_VERSION = 1;
    public static final List<String> CLASS_NAMES = List.of("no_lesion", "lesion");
    public static final String NAME = "phantom";
    static final int LESION = 1;

    private PhantomData() {
    }

    /** All non-empty splits of {@code spec}, generated eagerly. */
    public static DataSource generate(PhantomSpec spec) {
        Map<Split, Dataset> splits = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            int size = spec.size(split);
            if (size > 0) {
                splits.put(split, generate(spec, split, size));
            }
        }
        return new DataSource(NAME, sha256(spec), splits);
    }

    /** Image {@code index} of {@code split}, generated alone; equal to the one in {@link #generate}. */
    public static Image image(PhantomSpec spec, Split split, int index) {
        int[] labels = PhantomLabels.of(spec.seed(), split, spec.size(split));
        Objects.checkIndex(index, labels.length);
        float[] pixels = new float[spec.side() * spec.side()];
        draw(spec, split, index, labels[index], pixels, 0);
        return new Image(new ImageShape(1, spec.side(), spec.side()), pixels);
    }

    /** Label of image {@code index} of {@code split}. */
    public static int label(PhantomSpec spec, Split split, int index) {
        int[] labels = PhantomLabels.of(spec.seed(), split, spec.size(split));
        return labels[Objects.checkIndex(index, labels.length)];
    }

    /** Identity of the generated data: the spec and the generator version. */
    public static String sha256(PhantomSpec spec) {
        return Sha256.of("medrobust-phantom/v" + GENERATOR_VERSION + ";" + spec.canonical());
    }

    private static Dataset generate(PhantomSpec spec, Split split, int size) {
        int[] labels = PhantomLabels.of(spec.seed(), split, size);
        int pixels = spec.side() * spec.side();
        float[] data = new float[size * pixels];
        // Each image writes its own slice from its own seed, so the parallel order cannot change the result.
        IntStream.range(0, size).parallel().forEach(i -> draw(spec, split, i, labels[i], data, i * pixels));
        return new ArrayDataset(NAME + "/" + split.key(), new ImageShape(1, spec.side(), spec.side()), data, labels, CLASS_NAMES);
    }

    private static void draw(PhantomSpec spec, Split split, int index, int label, float[] out, int offset) {
        SplittableRandom random = new SplittableRandom(PhantomSeeds.image(spec.seed(), split, index));
        new PhantomRenderer(spec.side()).render(random, label == LESION, out, offset);
    }
}
