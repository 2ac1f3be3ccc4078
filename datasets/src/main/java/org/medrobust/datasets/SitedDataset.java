package org.medrobust.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An in-memory data set whose samples may name their acquisition site (a manifest's site column, a synthetic
 * multi-site set). {@link #excluding} and {@link #sites} serve leave-one-site-out evaluation.
 */
public final class SitedDataset implements Dataset {

    private final ArrayDataset data;
    private final String[] sites;
    private final String[] sourceImages;

    /** @param sites one per sample, null where the manifest leaves the site blank */
    public SitedDataset(ArrayDataset data, String[] sites) {
        this(data, sites, null);
    }

    /**
     * @param sourceImages one per sample, the source image it renders ({@link Dataset#sourceImage}); null for none
     */
    public SitedDataset(ArrayDataset data, String[] sites, String[] sourceImages) {
        if (sites.length != data.size()) {
            throw new IllegalArgumentException(sites.length + " sites for " + data.size() + " samples");
        }
        if (sourceImages != null && sourceImages.length != data.size()) {
            throw new IllegalArgumentException(sourceImages.length + " source images for " + data.size() + " samples");
        }
        this.data = data;
        this.sites = sites.clone();
        this.sourceImages = sourceImages == null ? null : sourceImages.clone();
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
    public Optional<String> sourceImage(int index) {
        return sourceImages == null ? Optional.empty() : Optional.ofNullable(sourceImages[index]);
    }

    @Override
    public ImageBatch batch(int from, int to) {
        return data.batch(from, to);
    }

    @Override
    public int[] labels(int from, int to) {
        return data.labels(from, to);
    }

    /** The distinct sites a data set names, sorted; empty when it names none. */
    public static SortedSet<String> sites(Dataset dataset) {
        SortedSet<String> sites = new TreeSet<>();
        for (int i = 0; i < dataset.size(); i++) {
            dataset.site(i).ifPresent(sites::add);
        }
        return sites;
    }

    /**
     * The samples of {@code dataset} whose site is not {@code site} (samples without a site stay), in their order, as
     * a data set of its own; the caller checks that the site exists.
     */
    public static Dataset excluding(Dataset dataset, String site) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            if (!dataset.site(i).map(site::equals).orElse(false)) {
                kept.add(i);
            }
        }
        int stride = dataset.shape().pixels();
        float[] data = new float[kept.size() * stride];
        int[] labels = new int[kept.size()];
        String[] sites = new String[kept.size()];
        String[] sourceImages = new String[kept.size()];
        for (int j = 0; j < kept.size(); j++) {
            int i = kept.get(j);
            System.arraycopy(dataset.image(i).pixels(), 0, data, j * stride, stride);
            labels[j] = dataset.label(i);
            sites[j] = dataset.site(i).orElse(null);
            sourceImages[j] = dataset.sourceImage(i).orElse(null);
        }
        return new SitedDataset(new ArrayDataset(dataset.name(), dataset.shape(), data, labels, dataset.classNames()),
                sites, sourceImages);
    }
}
