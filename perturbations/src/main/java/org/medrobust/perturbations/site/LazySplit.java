package org.medrobust.perturbations.site;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;

/**
 * One split of {@link MultiSiteData}, rendered on first access to its pixels, labels or sites: a campaign that
 * evaluates the test split then renders a fifth of the X-rays, not all of them. Name, shape, size and classes are
 * known without rendering. Thread-safe (rendering happens once).
 */
final class LazySplit implements Dataset {

    private final String name;
    private final ImageShape shape;
    private final int size;
    private final List<String> classNames;
    private final Supplier<Dataset> render;
    private volatile Dataset rendered;

    LazySplit(String name, ImageShape shape, int size, List<String> classNames, Supplier<Dataset> render) {
        this.name = name;
        this.shape = shape;
        this.size = size;
        this.classNames = List.copyOf(classNames);
        this.render = render;
    }

    private Dataset data() {
        Dataset data = rendered;
        if (data == null) {
            synchronized (this) {
                if (rendered == null) {
                    rendered = render.get();
                }
                data = rendered;
            }
        }
        return data;
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
        return size;
    }

    @Override
    public Image image(int index) {
        return data().image(index);
    }

    @Override
    public int label(int index) {
        return data().label(index);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public Optional<String> site(int index) {
        return data().site(index);
    }

    @Override
    public Optional<String> sourceImage(int index) {
        return data().sourceImage(index);
    }

    @Override
    public ImageBatch batch(int from, int to) {
        return data().batch(from, to);
    }

    @Override
    public int[] labels(int from, int to) {
        return data().labels(from, to);
    }
}
