package org.medrobust.suite.cli;

import java.util.EnumMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.SitedDataset;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.util.Sha256;

/**
 * {@code train --exclude-site S}, leave-one-site-out: the train and val splits lose every sample of site S, the test
 * split keeps them all (so a campaign on it measures the held-out site against the sites the model was trained on).
 * The result is a data source of its own name and SHA-256, which the model card records.
 */
final class SiteExclusion {

    private SiteExclusion() {
    }

    /** {@code source} without {@code site} in train and val; {@code source} itself when {@code site} is null. */
    static DataSource apply(DataSource source, String site) {
        if (site == null) {
            return source;
        }
        SortedSet<String> known = new TreeSet<>();
        for (Split split : source.available()) {
            known.addAll(SitedDataset.sites(source.split(split)));
        }
        if (known.isEmpty()) {
            throw new InvalidInputException(source.name() + ": --exclude-site needs data that names a site per sample"
                    + " (a manifest's site column, or builtin:xray_sites); this data names none");
        }
        if (!known.contains(site)) {
            throw new InvalidInputException(source.name() + ": --exclude-site " + site + " is not a site of this data"
                    + " (its sites are " + known + ")");
        }
        Map<Split, Dataset> splits = new EnumMap<>(Split.class);
        for (Split split : source.available()) {
            Dataset full = source.split(split);
            Dataset kept = split == Split.TEST ? full : SitedDataset.excluding(full, site);
            if (kept.size() == 0) {
                throw new InvalidInputException(source.name() + ": without site " + site + " the " + split.key()
                        + " split is empty; every training sample is from that site");
            }
            splits.put(split, kept);
        }
        return new DataSource(source.name() + "-without-" + site, Sha256.of(source.sha256() + ";excluding site " + site),
                splits, source.warnings());
    }
}
