package org.medrobust.perturbations.physics;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.SeverityScale;

/**
 * Gibbs ringing (truncation artifact) of MRI, as MONAI's {@code GibbsNoise} (monai/transforms/intensity/array.py):
 * the centred spectrum of each channel is cut to the disc of radius {@code r = (1 - alpha) max(H, W) sqrt(2) / 2}
 * around {@code ((H - 1)/2, (W - 1)/2)} (entries at distance {@code <= r} kept, the rest zeroed), and the real part
 * of the inverse transform, clipped to [0, 1], is the image: sharp edges ring. {@code alpha = 0} keeps the whole
 * spectrum (the identity), {@code alpha = 1} keeps nothing.
 *
 * <p>Severity ladder: alpha = .45, .55, .65, .75, .85, evenly inside MONAI's {@code RandGibbsNoise} range [0, 1]
 * where ringing is visible but the image is not yet a blur (below .4 a 28 px image barely changes; nnU-Net style
 * pipelines use (0.5, 0.75)). Deterministic: nothing is sampled. RGB channels get the same cut.
 */
public final class GibbsRinging extends PhysicsCorruption {

    public static final String ID = "gibbs_ringing";

    public static final SeverityScale ALPHAS = new SeverityScale(ID, 0.45, 0.55, 0.65, 0.75, 0.85);

    private final double alpha;

    public GibbsRinging(int severity) {
        super(ID, severity, "MONAI GibbsNoise");
        this.alpha = ALPHAS.at(severity);
    }

    public double alpha() {
        return alpha;
    }

    @Override
    void describeStrength(SequencedMap<String, Object> parameters) {
        parameters.put("alpha", alpha);
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        KSpace kspace = KSpace.of(image.shape().height(), image.shape().width());
        return Channels.eachChannel(image, channel -> kspace.inverseReal(truncate(kspace, kspace.forward(channel), alpha)));
    }

    /** The centred spectrum with every entry outside MONAI's disc of {@code alpha} set to zero (a new array). */
    static double[] truncate(KSpace kspace, double[] spectrum, double alpha) {
        int h = kspace.height();
        int w = kspace.width();
        double radius = (1 - alpha) * Math.max(h, w) * Math.sqrt(2) / 2;
        double cu = (h - 1) / 2.0;
        double cv = (w - 1) / 2.0;
        double[] kept = spectrum.clone();
        for (int u = 0; u < h; u++) {
            for (int v = 0; v < w; v++) {
                if (Math.sqrt((u - cu) * (u - cu) + (v - cv) * (v - cv)) > radius) {
                    kept[kspace.index(u, v)] = 0;
                    kept[kspace.index(u, v) + 1] = 0;
                }
            }
        }
        return kept;
    }
}
