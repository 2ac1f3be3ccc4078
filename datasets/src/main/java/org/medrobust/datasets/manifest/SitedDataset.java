package org.medrobust.datasets.manifest;

import java.util.List;
import java.util.Optional;
import org.medrobust.datasets.ArrayDataset;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;

/** An in-memory data set whose samples may name their acquisition site (the manifest's site column). */
final class SitedDataset implements Dataset {

    private final ArrayDataset data;
    private final String[] sites;

    /** @param sites one per sample, null where the manifest leaves the site blank */
    SitedDataset(ArrayDataset data, String[] sites) {
        if (sites.length != data.size()) {
            throw new IllegalArgumentException(sites.length + " sites for " + data.size() + " samples");
        }
        this.data = data;
        this.sites = sites.clone();
    }

    @Override
    public String name() {
        return data.name();
    }

    @Override
    public ImageShape shape() {
        return data.shape();
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public Image image(int index) {
        return data.image(index);
    }

    @Override
    public int label(int index) {
        return data.label(index);
    }

    @Override
    public List<String> classNames() {
        return data.classNames();
    }

    @Override
    public Optional<String> site(int index) {
        return Optional.ofNullable(sites[index]);
    }

    @Override
    public ImageBatch batch(int from, int to) {
        return data.batch(from, to);
    }

    @Override
    public int[] labels(int from, int to) {
        return data.labels(from, to);
    }
}
