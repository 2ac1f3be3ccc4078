package org.medrobust.reports.shift;

/**
 * How a site was paired with the source site when the two hold only some of the same source images: the drop is
 * computed over the images both hold ({@code images}, the paired bootstrap resamples these), and the samples of
 * either site without a partner are left out of it. Recorded only for such a partial overlap; where the two sites
 * hold exactly the same images it is absent (and the report is as it was before partial pairing existed).
 *
 * @param images             source images held by both sites: the samples the drop and its interval are computed on
 * @param leftOutAtSource    the source site's samples whose image the site does not hold
 * @param leftOutAtSite      the site's samples without a source image the source site holds (blank: an image of its
 *                           own)
 */
public record Pairing(int images, int leftOutAtSource, int leftOutAtSite) {
}
