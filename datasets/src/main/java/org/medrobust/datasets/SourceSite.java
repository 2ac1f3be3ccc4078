package org.medrobust.datasets;

import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;

/**
 * The site of a multi-site data set that the others are compared with: the one the models were validated at. A
 * campaign's data entry names it ({@code sourceSite}); by default it is the site called {@value #DEFAULT}
 * ({@code builtin:xray_sites} names its unshifted X-rays so). Checked before a campaign runs: a named site must be one
 * of the data's sites, and every source image a shifted site names ({@link Dataset#sourceImage}) must be one the
 * source site holds (an id held by no source-site sample pairs with nothing: a typo or a row of another study).
 */
public final class SourceSite {

    /** The source site's name when a data entry names none. */
    public static final String DEFAULT = "source";

    private SourceSite() {
    }

    /**
     * @param named the data entry's {@code sourceSite}, or null for {@value #DEFAULT} (then a data set without that
     *              site simply has no source-site comparison)
     * @param where the data as an error names it, e.g. "ward/manifest.csv (test split)"
     * @return the source site's name
     * @throws InvalidInputException one line naming {@code where} and the problem
     */
    public static String require(Dataset dataset, String named, String where) {
        String site = named == null ? DEFAULT : named;
        SortedSet<String> sites = SitedDataset.sites(dataset);
        if (!sites.contains(site)) {
            if (named != null) {
                throw new InvalidInputException(where + ": sourceSite '" + named + "' is not a site of this data"
                        + (sites.isEmpty() ? " (it names no sites; a manifest names them in its site column)"
                        : "; its sites are " + sites));
            }
            return site;
        }
        Set<String> atSource = new HashSet<>();
        for (int i = 0; i < dataset.size(); i++) {
            if (dataset.site(i).map(site::equals).orElse(false)) {
                dataset.sourceImage(i).ifPresent(atSource::add);
            }
        }
        for (int i = 0; i < dataset.size(); i++) {
            String at = dataset.site(i).orElse(null);
            String image = dataset.sourceImage(i).orElse(null);
            if (at != null && image != null && !at.equals(site) && !atSource.contains(image)) {
                throw new InvalidInputException(where + ": source image '" + image + "' of site '" + at
                        + "' is not at the source site '" + site + "'; a site's source images must be ones the source"
                        + " site holds (leave the field blank for an image of its own)");
            }
        }
        return site;
    }
}
