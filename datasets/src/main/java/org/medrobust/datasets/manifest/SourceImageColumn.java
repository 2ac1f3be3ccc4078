package org.medrobust.datasets.manifest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.InvalidInputException;

/**
 * Checks a manifest's {@code source_image} column: the id of the underlying image (patient, view) a row renders at its
 * site, so that two sites holding the same source images are compared paired over them (a travelling-subject or
 * re-processing study). Within one site an id appears once (a site renders a source image once; twice would weigh it
 * double in the paired bootstrap), and a row naming one needs a site (pairing is between sites). Whether a site's ids
 * are ones the source site holds is checked where the source site is known
 * ({@link org.medrobust.datasets.SourceSite}).
 */
final class SourceImageColumn {

    private SourceImageColumn() {
    }

    static void check(List<ManifestRow> rows, String file) {
        Map<String, ManifestRow> seen = new HashMap<>();
        for (ManifestRow row : rows) {
            if (row.sourceImage() == null) {
                continue;
            }
            if (row.site() == null) {
                throw new InvalidInputException(row.where(file) + ": source image '" + row.sourceImage()
                        + "' but no site; a source image pairs rows of different sites, so the row needs its site");
            }
            // the NUL separator cannot occur in a CSV field's stripped text, so (site, id) pairs cannot collide
            ManifestRow first = seen.putIfAbsent(row.site() + "\0" + row.sourceImage(), row);
            if (first != null) {
                throw new InvalidInputException(row.where(file) + ": source image '" + row.sourceImage()
                        + "' appears twice at site '" + row.site() + "' (lines " + first.line() + " and " + row.line()
                        + "); a site renders each source image once");
            }
        }
    }
}
