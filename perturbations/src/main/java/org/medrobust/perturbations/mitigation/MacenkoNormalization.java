package org.medrobust.perturbations.mitigation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.site.MacenkoStain;

/**
 * Macenko stain normalisation to the source site ({@link MacenkoStain#normalize}): each image's stains are estimated
 * and re-rendered in the target stains, the source images' mean stain vectors (renormalised to unit length) and mean
 * 99th-percentile concentrations. Images without stained pixels (blank) are left as they are. RGB only.
 */
public final class MacenkoNormalization implements Mitigation {

    public static final String ID = "macenko";

    private final MacenkoStain.Stains target;
    private final int images;

    MacenkoNormalization(MacenkoStain.Stains target, int images) {
        this.target = target;
        this.images = images;
    }

    /** The mean stains of the reference images that have stained pixels; refused for gray images. */
    public static MacenkoNormalization fit(List<Image> reference) {
        if (reference.getFirst().shape().channels() != 3) {
            throw new InvalidInputException("mitigation macenko needs RGB (stained) images, the data has "
                    + reference.getFirst().shape().channels() + " channel(s)");
        }
        double[] h = new double[3];
        double[] e = new double[3];
        double maxH = 0;
        double maxE = 0;
        List<MacenkoStain.Stains> estimates = new ArrayList<>();
        for (Image image : reference) {
            try {
                estimates.add(MacenkoStain.estimate(image));
            } catch (IllegalArgumentException blank) { // no stained pixels: nothing to learn from it
            }
        }
        if (estimates.isEmpty()) {
            throw new InvalidInputException("mitigation macenko: none of the " + reference.size()
                    + " reference images has stained pixels");
        }
        for (MacenkoStain.Stains s : estimates) {
            for (int k = 0; k < 3; k++) {
                h[k] += s.hematoxylin()[k];
                e[k] += s.eosin()[k];
            }
            maxH += s.maxHematoxylin() / estimates.size();
            maxE += s.maxEosin() / estimates.size();
        }
        return new MacenkoNormalization(new MacenkoStain.Stains(unit(h), unit(e), maxH, maxE), estimates.size());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("referenceImages", images);
        parameters.put("targetHematoxylin", list(target.hematoxylin()));
        parameters.put("targetEosin", list(target.eosin()));
        parameters.put("targetMaxHematoxylin", target.maxHematoxylin());
        parameters.put("targetMaxEosin", target.maxEosin());
        return parameters;
    }

    @Override
    public Image apply(Image image) {
        try {
            return MacenkoStain.normalize(image, target);
        } catch (IllegalArgumentException blank) {
            return image;
        }
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / norm, v[1] / norm, v[2] / norm};
    }

    private static List<Double> list(double[] v) {
        return List.of(v[0], v[1], v[2]);
    }
}
