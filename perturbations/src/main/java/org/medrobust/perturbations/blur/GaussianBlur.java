package org.medrobust.perturbations.blur;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityScale;
import org.medrobust.perturbations.ops.Border;
import org.medrobust.perturbations.ops.Filters;
import org.medrobust.perturbations.ops.Planes;

/**
 * Gaussian blur, as ImageNet-C's {@code gaussian_blur} (make_cifar_c.py): scikit-image
 * {@code gaussian(x, sigma, multichannel=True)}, i.e. scipy {@code gaussian_filter} per channel with truncate 4
 * and edge pixels repeated ({@code 'nearest'}); sigma by severity 1..5 = .4, .6, .7, .8, 1 px (CIFAR-10-C).
 * Deterministic.
 */
public final class GaussianBlur extends Corruption {

    public static final String ID = "gaussian_blur";

    public static final SeverityScale SIGMAS = new SeverityScale(ID, 0.4, 0.6, 0.7, 0.8, 1.0);

    private final double sigma;

    public GaussianBlur(int severity) {
        super(ID, severity, "ImageNet-C gaussian_blur (CIFAR-10-C table)");
        this.sigma = SIGMAS.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("sigma_px", sigma);
        parameters.put("truncate", 4.0);
        parameters.put("border", "nearest");
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return blur(image, sigma);
    }

    /** scikit-image {@code gaussian(x, sigma)} on every channel (also glass blur's and spatter's smoothing). */
    public static Image blur(Image image, double sigma) {
        return blur(image, sigma, Border.NEAREST);
    }

    /**
     * The same Gaussian with another border: the site profiles' point-spread blur takes sigma in pixels and mirrored
     * borders ({@link Border#REFLECT}, scipy's {@code gaussian_filter} default); one implementation, two
     * parameterisations (severity here, sigma there). Output clipped to [0, 1].
     */
    public static Image blur(Image image, double sigma, Border border) {
        int h = image.shape().height();
        int w = image.shape().width();
        return Planes.perPlane(image, p -> Filters.gaussian(p, h, w, sigma, 4.0, border));
    }
}
