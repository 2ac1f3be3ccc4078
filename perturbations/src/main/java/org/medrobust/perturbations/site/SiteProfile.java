package org.medrobust.perturbations.site;

import java.util.regex.Pattern;
import org.medrobust.datasets.InvalidInputException;

/**
 * One virtual hospital: a parameterised acquisition model applied to a source image (see {@link SiteShift} for the
 * order of the steps). Every parameter at its neutral value (stain jitter 0, identity intensity, no noise, PSF sigma 0,
 * resampling 1, vignetting 0, JPEG quality 0 = not re-compressed) leaves the image as it is.
 *
 * @param name        lower snake case, unique in a catalogue (the threat id is {@code site_<name>})
 * @param modality    what the profile models (xray, ct, mri, ultrasound, any): informative
 * @param psfSigma    Gaussian point-spread sigma in pixels (resolution of optics and detector); 0 = none
 * @param resampling  acquisition grid coarser by this factor on both axes, shown back on the original grid; 1 = none
 * @param vignetting  v in the illumination (or coil-sensitivity) field {@code exp(-v (X^2 + Y^2))}, X, Y in [-1, 1]
 * @param jpegQuality re-compression quality 1..100 (ImageIO's scale); 0 = none
 * @param stainJitter theta of the HED stain jitter of RGB histology (Tellez: .05 light, .2 strong); 0 = none
 * @param stain       the lab's Macenko stains (unit H and E vectors, 99th-percentile concentrations): RGB slides are
 *                    re-rendered in them ({@link MacenkoStain#normalize}); null = none
 */
public record SiteProfile(String name, String modality, String description, IntensityTransfer intensity,
        NoiseModel noise, double psfSigma, double resampling, double vignetting, int jpegQuality, double stainJitter,
        MacenkoStain.Stains stain) {

    public SiteProfile(String name, String modality, String description, IntensityTransfer intensity,
            NoiseModel noise, double psfSigma, double resampling, double vignetting, int jpegQuality,
            double stainJitter) {
        this(name, modality, description, intensity, noise, psfSigma, resampling, vignetting, jpegQuality, stainJitter,
                null);
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public SiteProfile {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("site name '" + name + "' must be lower snake case (a-z, 0-9, _)");
        }
        modality = modality == null ? "any" : modality;
        description = description == null ? "" : description;
        intensity = intensity == null ? IntensityTransfer.IDENTITY : intensity;
        noise = noise == null ? new NoiseModel.None() : noise;
        if (!(psfSigma >= 0) || psfSigma > 10) {
            throw invalid(name, "psfSigma must be in [0, 10] pixels, got " + psfSigma);
        }
        if (!(resampling >= 1) || resampling > 8) {
            throw invalid(name, "resampling must be in [1, 8], got " + resampling);
        }
        if (!(vignetting >= 0) || vignetting > 5) {
            throw invalid(name, "vignetting must be in [0, 5], got " + vignetting);
        }
        if (jpegQuality < 0 || jpegQuality > 100) {
            throw invalid(name, "jpegQuality must be 0 (none) or 1..100, got " + jpegQuality);
        }
        if (!(stainJitter >= 0) || stainJitter > 1) {
            throw invalid(name, "stainJitter must be in [0, 1], got " + stainJitter);
        }
        if (stain != null) {
            stain = new MacenkoStain.Stains(unitStain(name, "hematoxylin", stain.hematoxylin()),
                    unitStain(name, "eosin", stain.eosin()), positiveMax(name, "maxHematoxylin", stain.maxHematoxylin()),
                    positiveMax(name, "maxEosin", stain.maxEosin()));
        }
    }

    /** A stain vector scaled to unit length: three finite, non-negative optical densities, not all zero. */
    private static double[] unitStain(String name, String key, double[] v) {
        if (v == null || v.length != 3) {
            throw invalid(name, "stain." + key + " must be three optical densities (R, G, B)");
        }
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for (double x : v) {
            if (!(x >= 0) || Double.isInfinite(x)) {
                throw invalid(name, "stain." + key + " must be finite and non-negative, got " + java.util.Arrays.toString(v));
            }
        }
        if (norm == 0) {
            throw invalid(name, "stain." + key + " must not be all zero");
        }
        return new double[] {v[0] / norm, v[1] / norm, v[2] / norm};
    }

    private static double positiveMax(String name, String key, double value) {
        if (!(value > 0) || value > 10) {
            throw invalid(name, "stain." + key + " must be in (0, 10], got " + value);
        }
        return value;
    }

    /** The neutral profile of a name: applying it changes nothing. */
    public static SiteProfile neutral(String name) {
        return new SiteProfile(name, null, null, null, null, 0, 1, 0, 0, 0, null);
    }

    private static InvalidInputException invalid(String name, String problem) {
        return new InvalidInputException("site '" + name + "': " + problem);
    }
}
