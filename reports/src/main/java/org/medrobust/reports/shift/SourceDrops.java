package org.medrobust.reports.shift;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A site against the source site (the site the model was validated at): the drop of accuracy, balanced accuracy and
 * AUC, source-site metric minus this site's (positive: the site loses), each with its percentile bootstrap interval.
 * Paired over source images when both sites show the same images ({@code builtin:xray_sites}: a synthetic site is a
 * transformation of the source images, so an image's two outcomes are correlated and one draw of images weighs both
 * sites); independent (each site's samples resampled on its own) when the sites hold different images (real
 * hospitals). Where the two sites hold only some of the same images, paired over the images both hold, the others
 * left out ({@link Pairing}). {@link Difference#paired} says which.
 *
 * @param source           the source site's name
 * @param balancedAccuracy null where it is undefined
 * @param auc              null without recorded logits at both sites
 * @param pairing          how many images were paired and how many samples of each site were left out, where the
 *                         sites were paired on part of their samples; null where paired on all or unpaired
 */
public record SourceDrops(String source, Difference accuracy, Difference balancedAccuracy, Difference auc,
        @JsonInclude(JsonInclude.Include.NON_NULL) Pairing pairing) {
}
