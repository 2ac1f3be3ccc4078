package org.medrobust.perturbations.site;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.medrobust.datasets.ArrayDataset;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.SitedDataset;
import org.medrobust.datasets.SourceSite;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.builtin.BuiltinData;
import org.medrobust.datasets.util.Sha256;

/**
 * {@code builtin:xray_sites}: a deterministic synthetic multi-site data set whose sites differ only in acquisition.
 * Every one of the 624 shipped PneumoniaMNIST test X-rays (real images, {@link BuiltinData}) appears once per site:
 * as it is (site {@code source}) and rendered through the built-in virtual hospitals {@code xray_mild},
 * {@code xray_moderate} and {@code xray_severe} ({@link SiteShift}). Samples are ordered image by image (image i at
 * every site, then image i + 1), so the first N samples cover the sites evenly.
 *
 * <p>Splits go by image, never by sample, so that no X-ray is seen in training at one site and tested at another:
 * image i is in train when {@code i mod 5} is 0, 1 or 2, in val when it is 3 and in test when it is 4 (375 / 125 /
 * 124 images, times four sites). A model trained with {@code medrobust train --exclude-site S} on the train split
 * has never seen site S, nor any test image at any site. The random draws of each (site, image) come from their own
 * stream of a fixed seed, so the data set is the same bytes on every machine. Every sample names its shipped image
 * ({@link Dataset#sourceImage}: the index in PneumoniaMNIST's test split), so a site is compared with the source site
 * image by image.
 */
public final class MultiSiteData {

    /** The name after {@code builtin:}. */
    public static final String NAME = "xray_sites";

    /** The unshifted site: the name campaigns take as the source site by default. */
    public static final String SOURCE_SITE = SourceSite.DEFAULT;

    /** The shifted sites, mild to severe (built-in profiles). */
    public static final List<String> SHIFTED_SITES = List.of("xray_mild", "xray_moderate", "xray_severe");

    /** Fixes every draw of the data set; changing it changes the data set's SHA-256. */
    static final long SEED = 20261129L;

    private static final int FOLDS = 5;

    private MultiSiteData() {
    }

    /** Every site, source first. */
    public static List<String> sites() {
        List<String> sites = new ArrayList<>();
        sites.add(SOURCE_SITE);
        sites.addAll(SHIFTED_SITES);
        return sites;
    }

    /**
     * Made once per JVM, then shared; each split is rendered on first use ({@link LazySplit}: the test split's 372
     * site renderings with JPEG round trips take about a second of CPU, all three splits five).
     */
    private static volatile DataSource generated;

    /** The data set; immutable, so every caller shares one copy. */
    public static DataSource generate() {
        DataSource data = generated;
        if (data == null) {
            synchronized (MultiSiteData.class) {
                if (generated == null) {
                    generated = render();
                }
                data = generated;
            }
        }
        return data;
    }

    static DataSource render() {
        DataSource xrays = BuiltinData.load("pneumoniamnist");
        Dataset images = xrays.split(Split.TEST);
        List<SiteShift> shifts = SHIFTED_SITES.stream().map(s -> new SiteShift(SiteProfiles.builtIn(s))).toList();
        Map<Split, Dataset> splits = new EnumMap<>(Split.class);
        int sites = shifts.size() + 1;
        for (Split split : Split.values()) {
            int n = (int) java.util.stream.IntStream.range(0, images.size()).filter(i -> splitOf(i) == split).count();
            splits.put(split, new LazySplit(NAME + "/" + split.key(), images.shape(), n * sites, images.classNames(),
                    () -> split(images, split, shifts)));
        }
        StringBuilder identity = new StringBuilder(NAME + ";source " + xrays.sha256() + ";seed " + SEED
                + ";folds train 0,1,2 val 3 test 4 of " + FOLDS);
        shifts.forEach(shift -> identity.append(';').append(shift.parameters()));
        return new DataSource(NAME, Sha256.of(identity.toString()), splits);
    }

    private static Dataset split(Dataset images, Split split, List<SiteShift> shifts) {
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (splitOf(i) == split) {
                chosen.add(i);
            }
        }
        int sites = shifts.size() + 1;
        int n = chosen.size() * sites;
        int stride = images.shape().pixels();
        float[] data = new float[n * stride];
        int[] labels = new int[n];
        String[] siteNames = new String[n];
        String[] sourceImages = new String[n];
        int j = 0;
        for (int i : chosen) {
            Image image = images.image(i);
            for (int s = 0; s < sites; s++) {
                Image rendered = s == 0 ? image : shifts.get(s - 1).apply(image, random(s, i));
                System.arraycopy(rendered.pixels(), 0, data, j * stride, stride);
                labels[j] = images.label(i);
                siteNames[j] = s == 0 ? SOURCE_SITE : SHIFTED_SITES.get(s - 1);
                sourceImages[j] = String.valueOf(i); // the shipped test image: the same at every site (paired)
                j++;
            }
        }
        return new SitedDataset(new ArrayDataset(NAME + "/" + split.key(), images.shape(), data, labels,
                images.classNames()), siteNames, sourceImages);
    }

    /** The split of shipped image i: train for i mod 5 in {0, 1, 2}, val for 3, test for 4. */
    static Split splitOf(int image) {
        int fold = image % FOLDS;
        return fold <= 2 ? Split.TRAIN : fold == 3 ? Split.VAL : Split.TEST;
    }

    /** The stream of one (site, image): its own seed, so no draw depends on the order of generation. */
    static SplittableRandom random(int site, int image) {
        return new SplittableRandom(SEED * 1_000_003L + site * 100_003L + image);
    }
}
