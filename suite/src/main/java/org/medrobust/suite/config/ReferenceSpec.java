package org.medrobust.suite.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.medrobust.datasets.InvalidInputException;

/**
 * The source-site images a threat entry's test-time {@code mitigations} are fitted on: a data set the campaign does
 * not evaluate (the images must be disjoint from every evaluated image; checked when the campaign is planned).
 *
 * @param source a data source as a data entry names it ({@code builtin:xray_sites}, a .npz file, a manifest, ...)
 * @param split  its split (default val: a test split is usually what is evaluated)
 * @param limit  fit on the first {@code limit} images (of the site, when one is named); 0 or absent: up to 512
 * @param site   only the images of this site (multi-site data: the source site the models were validated on)
 */
public record ReferenceSpec(String source, String split, Integer limit,
        @JsonInclude(JsonInclude.Include.NON_NULL) String site) {

    /** At most this many images are fitted on. */
    public static final int MAX_IMAGES = 512;

    public ReferenceSpec {
        if (source == null || source.isBlank()) {
            throw new InvalidInputException("a mitigation 'reference' needs a 'source' (the source site's images, which"
                    + " the campaign does not evaluate)");
        }
        split = split == null ? "val" : split;
        limit = limit == null ? 0 : limit;
        if (limit < 0) {
            throw new InvalidInputException("reference '" + source + "': limit must be >= 0, got " + limit);
        }
    }

    /** How many images to fit on. */
    public int images() {
        return limit == 0 ? MAX_IMAGES : Math.min(limit, MAX_IMAGES);
    }

    /** The data entry that loads it (all of its split: the site filter and limit apply after loading). */
    public DataSpec data() {
        return new DataSpec(source, split, 0);
    }

    /** "builtin:xray_sites val site source", for messages and parameters. */
    public String describe() {
        return source + " " + split + (site == null ? "" : " site " + site);
    }
}
