package org.medrobust.datasets;

import java.util.List;
import java.util.Optional;

/**
 * A labelled set of images with random access. Implementations are immutable and safe to read from several threads.
 */
public interface Dataset {

    /** A short name, e.g. "pneumoniamnist_28/test". */
    String name();

    ImageShape shape();

    int size();

    Image image(int index);

    int label(int index);

    /** Class names, indexed by label. */
    List<String> classNames();

    /** The acquisition site (hospital) of a sample, where the data set records one. */
    default Optional<String> site(int index) {
        return Optional.empty();
    }

    /**
     * The source image a sample renders, where a multi-site data set shows the same images at several sites (a
     * synthetic site is a transformation of a source image): equal values at two sites are the same image, so a site
     * can be compared with the source site image by image (paired). Empty for data whose sites hold different images.
     */
    default Optional<String> sourceImage(int index) {
        return Optional.empty();
    }

    /** Images [from, to) as one batch. */
    default ImageBatch batch(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("batch [" + from + ", " + to + ") outside data set of " + size());
        }
        int stride = shape().pixels();
        float[] data = new float[(to - from) * stride];
        for (int i = from; i < to; i++) {
            System.arraycopy(image(i).pixels(), 0, data, (i - from) * stride, stride);
        }
        return new ImageBatch(shape(), to - from, data);
    }

    /** Labels [from, to). */
    default int[] labels(int from, int to) {
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            labels[i - from] = label(i);
        }
        return labels;
    }
}
