package org.medrobust.datasets;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A data set held in memory as one contiguous (N, C, H, W) float array plus labels: the storage behind loaders and
 * generators. It takes ownership of the arrays it is given (no copy, to keep large splits at one copy in memory);
 * callers must not change them afterwards. Reads hand out copies, so the data set stays immutable and thread-safe.
 */
public final class ArrayDataset implements Dataset {

    private final String name;
    private final ImageShape shape;
    private final float[] data;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * @param data       N images of {@code shape}, channels first, values in [0, 1]
     * @param labels     N labels, each an index into {@code classNames}
     * @param classNames names of the classes, indexed by label
     */
    public ArrayDataset(String name, ImageShape shape, float[] data, int[] labels, List<String> classNames) {
        this.classNames = List.copyOf(classNames);
        if ((long) labels.length * shape.pixels() != data.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + (long) labels.length * shape.pixels()
                    + " values of shape " + shape + ", got " + data.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of sample " + i + " is outside the "
                        + this.classNames.size() + " classes " + this.classNames);
            }
        }
        this.name = name;
        this.shape = shape;
        this.data = data;
        this.labels = labels;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ImageShape shape() {
        return shape;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Image image(int index) {
        int stride = shape.pixels();
        int from = Objects.checkIndex(index, labels.length) * stride;
        return new Image(shape, Arrays.copyOfRange(data, from, from + stride));
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** One array copy instead of the default's image-by-image copies. */
    @Override
    public ImageBatch batch(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("batch [" + from + ", " + to + ") outside data set of " + size());
        }
        int stride = shape.pixels();
        return new ImageBatch(shape, to - from, Arrays.copyOfRange(data, from * stride, to * stride));
    }

    @Override
    public int[] labels(int from, int to) {
        return Arrays.copyOfRange(labels, from, to);
    }

    /** How many samples carry each label, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    @Override
    public String toString() {
        return "ArrayDataset[" + name + ", " + size() + " x " + shape + ", classes " + classNames + "]";
    }
}
