package org.medrobust.perturbations.site;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.perturbations.blur.GaussianBlur;
import org.medrobust.perturbations.ops.Border;
import org.medrobust.perturbations.ops.Jpeg;
import org.medrobust.perturbations.physics.AnisotropicDownsampling;
import org.medrobust.perturbations.physics.BiasField;

/**
 * A source image as a site would have acquired it: the {@link SiteProfile}'s steps in acquisition order,
 * <ol>
 *   <li>the lab's stains (RGB only, where the profile names them): the slide's Macenko stains re-rendered in the
 *       profile's ({@link MacenkoStain#normalize}), deterministic;</li>
 *   <li>stain variation (RGB images only; gray ones skip it): {@link HedJitter} with the profile's theta, alphas
 *       and betas drawn per image and recorded, the slide as this lab stains it;</li>
 *   <li>vignetting: the field {@code exp(-v (X^2 + Y^2))} ({@link BiasField#withField}, TorchIO's polynomial bias
 *       field with only the squared terms set), illumination fall-off or coil sensitivity;</li>
 *   <li>point-spread blur: a Gaussian of sigma {@code psfSigma} pixels (optics, detector), the corruption library's
 *       {@link GaussianBlur} with mirrored borders;</li>
 *   <li>resampling: nearest down by the factor and linear back up, rows then columns
 *       ({@link AnisotropicDownsampling#resample}, TorchIO's RandomAnisotropy on both axes), a coarser detector;</li>
 *   <li>noise: the profile's {@link NoiseModel} (the physics corruptions at a free level), the detector;</li>
 *   <li>intensity transfer: window/level, gamma, gain and offset ({@link IntensityTransfer}), post-processing;</li>
 *   <li>JPEG re-compression at the profile's quality (export to PACS or a teaching file), the corruption library's
 *       {@link Jpeg} round trip, then clip to [0, 1].</li>
 * </ol>
 * Deterministic: only the stain jitter and the noise draw from the random stream (in that order), so the same stream
 * gives the same bytes.
 */
public final class SiteShift implements Perturbation {

    private final SiteProfile profile;
    private final SiteProfileFile file;

    public SiteShift(SiteProfile profile) {
        this(profile, null);
    }

    /** A profile read from {@code file} (a user's YAML), whose path and SHA-256 {@link #parameters()} record. */
    public SiteShift(SiteProfile profile, SiteProfileFile file) {
        this.profile = profile;
        this.file = file;
    }

    public SiteProfile profile() {
        return profile;
    }

    @Override
    public String id() {
        return "site_" + profile.name();
    }

    /** Sites have no severity levels: a profile is one acquisition. */
    @Override
    public int severity() {
        return 0;
    }

    @Override
    public ThreatFamily family() {
        return ThreatFamily.DOMAIN_SHIFT;
    }

    /**
     * The built-in sites as catalogue entries: id {@code site_<name>} to a factory of its one level (a campaign's
     * default "all severities" asks for level 1; any other level is refused).
     */
    public static SequencedMap<String, IntFunction<Perturbation>> builtInThreats() {
        SequencedMap<String, IntFunction<Perturbation>> threats = new LinkedHashMap<>();
        for (SiteProfile profile : SiteProfiles.builtIn()) {
            SiteShift shift = new SiteShift(profile);
            threats.put(shift.id(), level -> {
                if (level != 1) {
                    throw new InvalidInputException(shift.id() + ": a site profile has one level, asked for severity " + level);
                }
                return shift;
            });
        }
        return threats;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("site", profile.name());
        parameters.put("modality", profile.modality());
        if (file != null) { // a user's profile: which file, and exactly which content
            parameters.put("profileFile", file.source());
            parameters.put("profileSha256", file.sha256());
        }
        if (profile.stain() != null) { // only when set: older profiles keep their recorded parameters
            parameters.put("stainHematoxylin", List.of(profile.stain().hematoxylin()[0], profile.stain().hematoxylin()[1],
                    profile.stain().hematoxylin()[2]));
            parameters.put("stainEosin", List.of(profile.stain().eosin()[0], profile.stain().eosin()[1],
                    profile.stain().eosin()[2]));
            parameters.put("stainMaxHematoxylin", profile.stain().maxHematoxylin());
            parameters.put("stainMaxEosin", profile.stain().maxEosin());
        }
        parameters.put("stainJitter", profile.stainJitter());
        parameters.put("vignetting", profile.vignetting());
        parameters.put("psfSigma", profile.psfSigma());
        parameters.put("resampling", profile.resampling());
        profile.noise().describe(parameters);
        IntensityTransfer intensity = profile.intensity();
        parameters.put("window", intensity.window());
        parameters.put("level", intensity.level());
        parameters.put("gamma", intensity.gamma());
        parameters.put("gain", intensity.gain());
        parameters.put("offset", intensity.offset());
        parameters.put("jpegQuality", profile.jpegQuality());
        parameters.put("clip", "[0, 1]");
        return parameters;
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return applyRecorded(image, random).image();
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        Image out = image;
        Map<String, Object> sampled = new LinkedHashMap<>();
        if (profile.stain() != null && image.shape().channels() == 3) {
            out = stained(out, profile.stain(), sampled);
        }
        if (profile.stainJitter() > 0 && image.shape().channels() == 3) {
            double theta = profile.stainJitter();
            double[] alphas = new double[3];
            double[] betas = new double[3];
            for (int i = 0; i < 3; i++) {
                alphas[i] = random.nextDouble(1 - theta, 1 + theta);
                betas[i] = random.nextDouble(-theta, theta);
            }
            out = HedJitter.apply(out, alphas, betas);
            sampled.put("stainAlpha (H, E, DAB)", List.of(alphas[0], alphas[1], alphas[2]));
            sampled.put("stainBeta (H, E, DAB)", List.of(betas[0], betas[1], betas[2]));
        }
        out = vignetted(out, profile.vignetting());
        if (profile.psfSigma() > 0) {
            out = GaussianBlur.blur(out, profile.psfSigma(), Border.REFLECT);
        }
        if (profile.resampling() > 1) {
            out = AnisotropicDownsampling.resample(AnisotropicDownsampling.resample(out, 0, profile.resampling()), 1,
                    profile.resampling());
        }
        out = profile.noise().apply(out, random);
        if (!profile.intensity().isIdentity()) {
            out = transferred(out, profile.intensity());
        }
        if (profile.jpegQuality() > 0) {
            out = Jpeg.roundTrip(out, profile.jpegQuality());
        }
        return new Perturbed(out, sampled);
    }

    /** Step 1: the field {@code exp(-v (X^2 + Y^2))} (v = 0: the image as it is). */
    static Image vignetted(Image image, double v) {
        if (v <= 0) {
            return image;
        }
        double[] coefficients = new double[BiasField.TERMS];
        coefficients[BiasField.term(2, 0)] = -v;
        coefficients[BiasField.term(0, 2)] = -v;
        return BiasField.withField(image, coefficients);
    }

    /** The slide in the lab's stains; a slide without stained pixels (blank) stays as it is, and says so. */
    private static Image stained(Image image, MacenkoStain.Stains stains, Map<String, Object> sampled) {
        try {
            return MacenkoStain.normalize(image, stains);
        } catch (IllegalArgumentException blank) {
            sampled.put("stain", "unchanged: no stained pixels");
            return image;
        }
    }

    private static Image transferred(Image image, IntensityTransfer transfer) {
        float[] in = image.pixels();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (float) Math.clamp(transfer.apply(in[i]), 0.0, 1.0);
        }
        return new Image(image.shape(), out);
    }
}
