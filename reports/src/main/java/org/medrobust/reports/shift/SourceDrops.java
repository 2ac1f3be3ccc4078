package org.medrobust.reports.shift;

/**
 * A site against the source site (the site the model was validated at): the drop of accuracy, balanced accuracy and
 * AUC, source-site metric minus this site's (positive: the site loses), each with its percentile bootstrap interval.
 * Paired over source images when both sites show the same images ({@code builtin:xray_sites}: a synthetic site is a
 * transformation of the source images, so an image's two outcomes are correlated and one draw of images weighs both
 * sites); independent (each site's samples resampled on its own) when the sites hold different images (real
 * hospitals). {@link Difference#paired} says which.
 *
 * @param source           the source site's name
 * @param balancedAccuracy null where it is undefined
 * @param auc              null without recorded logits at both sites
 */
public record SourceDrops(String source, Difference accuracy, Difference balancedAccuracy, Difference auc) {
}
