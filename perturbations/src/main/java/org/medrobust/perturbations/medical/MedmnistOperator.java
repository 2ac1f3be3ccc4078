package org.medrobust.perturbations.medical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Perturbation.Perturbed;
import org.medrobust.perturbations.blur.DefocusBlur;
import org.medrobust.perturbations.blur.MotionBlur;
import org.medrobust.perturbations.blur.ZoomBlur;
import org.medrobust.perturbations.digital.Pixelate;
import org.medrobust.perturbations.digital.Saturate;
import org.medrobust.perturbations.noise.GaussianNoise;
import org.medrobust.perturbations.noise.ImpulseNoise;
import org.medrobust.perturbations.noise.ShotNoise;
import org.medrobust.perturbations.noise.SpeckleNoise;
import org.medrobust.perturbations.ops.Jpeg;

/**
 * MedMNIST-C's corruption classes (francescodisalvo05/medmnistc-api, medmnistc/corruptions/*.py), each mapped to
 * the medrobust operator that computes it: the ImageNet-C ones reused, Pillow/torchvision ones in this package.
 * {@code p} is the registry's parameter row for one severity; {@code scale} is {@link Resolution#scale}.
 */
enum MedmnistOperator {
    /** Pixelate(f): Pillow BOX down to {@code int(side f)} and back; block size 1/f scales with the image. */
    PIXELATE((img, p, scale, rnd, s) -> plain(Pixelate.pixelate(img, Math.min(1.0, p[0] / scale)))),
    JPEG_COMPRESSION((img, p, scale, rnd, s) -> plain(Jpeg.roundTrip(img, (int) p[0]))),
    GAUSSIAN_NOISE((img, p, scale, rnd, s) -> plain(GaussianNoise.noisy(img, p[0], rnd))),
    SPECKLE_NOISE((img, p, scale, rnd, s) -> plain(SpeckleNoise.noisy(img, p[0], rnd))),
    IMPULSE_NOISE((img, p, scale, rnd, s) -> plain(ImpulseNoise.noisy(img, p[0], rnd))),
    SHOT_NOISE((img, p, scale, rnd, s) -> plain(ShotNoise.noisy(img, p[0], rnd))),
    /** DefocusBlur(radius, alias): ImageNet-C's disk kernel. */
    DEFOCUS_BLUR((img, p, scale, rnd, s) -> plain(DefocusBlur.blur(img, p[0] * scale, p[1] * scale))),
    /** MotionBlur(radius, sigma): ImageMagick's motion blur at U(-45, 45) degrees. */
    MOTION_BLUR((img, p, scale, rnd, s) -> MotionBlur.blur(img, p[0] * scale, p[1] * scale, rnd)),
    /** ZoomBlur(factors): relative, unscaled. Row = start, stop, step of np.arange. */
    ZOOM_BLUR((img, p, scale, rnd, s) -> plain(ZoomBlur.blur(img, new ZoomBlur.Params(p[0], p[1], p[2]).factors()))),
    /** GaussianBlur(k): torchvision, sigma from k; scaled: sigma times scale, kernel 2 ceil(3 sigma) + 1. */
    GAUSSIAN_BLUR((img, p, scale, rnd, s) -> {
        int k = (int) p[0];
        double sigma = TorchGaussianBlur.defaultSigma(k);
        if (scale == 1.0) {
            return plain(TorchGaussianBlur.blur(img, k, sigma));
        }
        double scaled = sigma * scale;
        return plain(TorchGaussianBlur.blur(img, 2 * (int) Math.ceil(3 * scaled) + 1, scaled));
    }),
    BRIGHTNESS((img, p, scale, rnd, s) -> plain(PilEnhance.brightness(img, p[0]))),
    CONTRAST((img, p, scale, rnd, s) -> plain(PilEnhance.contrast(img, p[0]))),
    GAMMA_CORRECTION((img, p, scale, rnd, s) -> plain(PilEnhance.gamma(img, p[0]))),
    /** Saturate(shift): S + shift in HSV (ImageNet-C's saturate with scale 1). */
    SATURATE((img, p, scale, rnd, s) -> plain(Saturate.saturate(img, 1.0, p[0]))),
    BUBBLE((img, p, scale, rnd, s) -> Microscopy.bubble(img, (int) p[0], (int) p[1], scale, rnd)),
    BLACK_CORNER((img, p, scale, rnd, s) -> plain(Microscopy.blackCorner(img, p[0]))),
    /** StainDeposit(max marks): the ink masks' size depends on the severity s, not on the row. */
    STAIN_DEPOSIT((img, p, scale, rnd, s) -> StainDeposit.apply(img, (int) p[0], s, scale, rnd)),
    /** Characters(max words, max letters, max font scale): Hershey duplex words in random colours. */
    CHARACTERS((img, p, scale, rnd, s) -> Characters.apply(img, (int) p[0], (int) p[1], p[2], scale, rnd));

    @FunctionalInterface
    interface Op {
        Perturbed apply(Image image, double[] row, double scale, RandomGenerator random, int severity);
    }

    private final Op op;

    MedmnistOperator(Op op) {
        this.op = op;
    }

    Perturbed apply(Image image, double[] row, double scale, RandomGenerator random, int severity) {
        return op.apply(image, row, scale, random, severity);
    }

    /** Whether the operator draws anything at random. */
    boolean random() {
        return switch (this) {
            case GAUSSIAN_NOISE, SPECKLE_NOISE, IMPULSE_NOISE, SHOT_NOISE, MOTION_BLUR, BUBBLE, STAIN_DEPOSIT, CHARACTERS -> true;
            default -> false;
        };
    }

    /** The registry's name, e.g. {@code gaussian_noise}. */
    String registryName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Perturbed plain(Image image) {
        return new Perturbed(image, Map.of());
    }

    static List<Double> list(double[] row) {
        List<Double> values = new ArrayList<>();
        for (double v : row) {
            values.add(v);
        }
        return values;
    }
}
