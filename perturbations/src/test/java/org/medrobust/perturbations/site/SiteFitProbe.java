package org.medrobust.perturbations.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.builtin.BuiltinData;

/**
 * A measuring driver for {@code site fit}, not a test (its name matches no surefire pattern, so the default test run
 * skips it): {@code -Dtest=SiteFitProbe -Dprobe=0,3,...} fits the listed {@link #CASES} (source: the even shipped
 * X-rays; target: the odd ones through the truth) and prints truth against fitted with the time;
 * {@code -Dgprobe=1,2,...} prints the gamma the quantile fit gives against renderings at .5 to 2 times the true photons
 * (docs/site-profiles.md, "Noise under a gamma without clipping"); cases 12-23 are windows under JPEG, 24-35 noise
 * under JPEG, 36 the catalogue table's JPEG 40 row, 37-40 blur under JPEG ("Window under JPEG", "JPEG read as blur";
 * {@code -Dfilesq=1} passes the truth's quality as the files' tables would), 41-42 gamma 1.5 and .7 with read-out .03
 * ("Gamma and noise as one objective"); {@code -Dtest=SiteFitProbe#blurTable -Dbprobe=x28,p28} prints the blur table
 * ("Blur on the phantoms"); {@code -Dpprobe=1,2,...} prints the joint profile's score and noise
 * ({@link GammaNoiseProfile#at}) on a grid of gamma around the truth, started from {@code -Dpstart} (default .7) times
 * the true photons; {@code -Dcprobe=xray_mild,...} fits the catalogue's profiles by name.
 */
class SiteFitProbe {

    static final SiteProfile[] BASE = {
        p(new IntensityTransfer(1.5, 1, 0.5, 0.85, 0.05), 120, 0.01),
        p(new IntensityTransfer(1.5, 1, 0.5, 1, 0), 120, 0.01),
        p(new IntensityTransfer(1.5, 1, 0.5, 1, 0), 40, 0.01),
        p(new IntensityTransfer(0.8, 0.9, 0.5, 1, 0), 40, 0.01),
        p(new IntensityTransfer(0.8, 1, 0.5, 1, 0), 120, 0.01),
        p(new IntensityTransfer(1, 0.9, 0.5, 1, 0), 40, 0.01),
        p(new IntensityTransfer(1.3, 0.8, 0.55, 0.9, 0.05), 40, 0.01),
        p(new IntensityTransfer(1, 0.7, 0.45, 0.8, 0.1), 120, 0.01),
        p(new IntensityTransfer(1, 1, 0.5, 1.1, -0.02), 120, 0.02),
        p(new IntensityTransfer(1, 1, 0.5, 0.85, 0.05), 40, 0.01),
        p(new IntensityTransfer(0.7, 1, 0.5, 1, 0), 40, 0.01),
        p(new IntensityTransfer(2, 1, 0.5, 1, 0), 80, 0.01),
        p(new IntensityTransfer(1, 0.8, 0.55, 1, 0), 120, 0.01),
        p(new IntensityTransfer(1, 1, 0.5, 0.9, 0.03), 120, 0.01),
        p(new IntensityTransfer(1, 1, 0.5, 0.9, 0.03), 40, 0.01),
        p(new IntensityTransfer(1.5, 1, 0.5, 1, 0), 120, 0.03),
        p(new IntensityTransfer(0.7, 1, 0.5, 1, 0), 40, 0.03),
    };

    /** BASE[0..11], then the cases under JPEG (12-40) and the read-out cases (41-42). */
    static final SiteProfile[] CASES = {
        BASE[0], BASE[1], BASE[2], BASE[3], BASE[4], BASE[5], BASE[6], BASE[7], BASE[8], BASE[9], BASE[10], BASE[11],
        // 12-19: windows under JPEG (the window cases 6, 7 and 5 at qualities 75 and 40)
        jpeg(6, 75), jpeg(6, 40), jpeg(7, 75), jpeg(7, 40), jpeg(5, 75), jpeg(5, 40),
        BASE[12], jpeg(12, 75),
        // 20: the catalogue's xray_moderate (window .9 and gamma .8 under JPEG 75, with blur, resampling, vignetting)
        SiteProfiles.builtIn().stream().filter(x -> x.name().equals("xray_moderate")).findFirst().orElseThrow(),
        jpeg(12, 40), jpeg(1, 75), jpeg(4, 40),
        // 24-31: noise alone (gain .9, offset .03) under JPEG 95, 90, 85, 75 at 120 and 40 photons
        jpeg(13, 95), jpeg(13, 90), jpeg(13, 85), jpeg(13, 75), jpeg(14, 95), jpeg(14, 90), jpeg(14, 85), jpeg(14, 75),
        // 32-35: the same under JPEG 40 and 30 (blocking visible at 28 px)
        jpeg(13, 40), jpeg(13, 30), jpeg(14, 40), jpeg(14, 30),
        // 36: the catalogue table's fourth row (PSF 1.2, vignetting .1, gamma 1.3, gain .9, offset .03, JPEG 40)
        new SiteProfile("truth", "xray", null, new IntensityTransfer(1.3, 1, 0.5, 0.9, 0.03),
                new NoiseModel.PoissonGaussian(120, 0.01), 1.2, 1, 0.1, 40, 0),
        // 37-40: PSF .8 under JPEG 75 at 40 and 120 photons, PSF .5 and 1.2 under JPEG 85 at 40 (gain .9, offset .03)
        blurred(BASE[14], 0.8, 75), blurred(BASE[13], 0.8, 75), blurred(BASE[14], 0.5, 85), blurred(BASE[14], 1.2, 85),
        // 41-42: gamma 1.5 at 120 photons and .7 at 40 with read-out .03 (the joint profile's read-out held at 0)
        BASE[15], BASE[16],
    };

    private static SiteProfile blurred(SiteProfile p, double psf, int quality) {
        return new SiteProfile(p.name(), p.modality(), null, p.intensity(), p.noise(), psf, 1, 0, quality, 0);
    }

    private static SiteProfile jpeg(int c, int quality) {
        return JpegPixelFit.withQuality(BASE[c], quality);
    }

    /** The indices of {@link #CASES} listed in {@code which} ("0,3,41"), in the order of CASES. */
    private static List<Integer> selected(String which) {
        String list = "," + which + ",";
        return IntStream.range(0, CASES.length).filter(c -> list.contains("," + c + ",")).boxed().toList();
    }

    static SiteProfile p(IntensityTransfer t, double photons, double read) {
        return new SiteProfile("truth", "xray", null, t, new NoiseModel.PoissonGaussian(photons, read), 0, 1, 0, 0, 0);
    }

    /** The shipped test X-rays of even (0) or odd (1) index. */
    static List<Image> xrays(int parity) {
        List<Image> images = new ArrayList<>();
        Dataset xrays = BuiltinData.load("pneumoniamnist").split(Split.TEST);
        for (int i = parity; i < xrays.size(); i += 2) {
            images.add(xrays.image(i));
        }
        return images;
    }

    /** The images through the truth, image i with stream i. */
    static List<Image> through(SiteProfile truth, List<Image> images) {
        SiteShift shift = new SiteShift(truth);
        List<Image> target = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            target.add(shift.apply(images.get(i), new SplittableRandom(i)));
        }
        return target;
    }

    /**
     * {@code -Dbprobe=x28,p28,p64,p128 [-Dbnoise=0,120,40]}: the table "Blur against image size and noise" of
     * docs/site-profiles.md: {@link ResolutionFit} alone (whole target and its even and odd halves, {@code *} where the
     * halves disagree as {@code site fit} judges it) and the source-halves check, target {@code 0.9 x + .03} with
     * Poisson-Gaussian noise (read-out .01), source the even images, target the odd ones through the truth.
     */
    @Test
    void blurTable() {
        String which = System.getProperty("bprobe", "none");
        if (which.equals("none")) {
            return;
        }
        double[][] truths = {{0, 1}, {0.5, 1}, {0.8, 1}, {1.2, 1}, {0, 1.5}, {0, 2}, {0.7, 1.5}, {1.2, 2}};
        for (String set : which.split(",")) {
            List<Image> all = new ArrayList<>();
            if (set.equals("x28")) {
                Dataset xrays = BuiltinData.load("pneumoniamnist").split(Split.TEST);
                for (int i = 0; i < xrays.size(); i++) {
                    all.add(xrays.image(i));
                }
            } else {
                int side = Integer.parseInt(set.substring(1));
                int n = side == 28 ? 624 : side == 64 ? 400 : 200;
                Dataset d = org.medrobust.datasets.phantom.PhantomData.generate(
                        new org.medrobust.datasets.phantom.PhantomSpec(20261126L, side, 1, 1, n)).split(Split.TEST);
                for (int i = 0; i < d.size(); i++) {
                    all.add(d.image(i));
                }
            }
            List<Image> source = new ArrayList<>();
            List<Image> others = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                (i % 2 == 0 ? source : others).add(all.get(i));
            }
            long t0 = System.nanoTime();
            ResolutionFit fit = new ResolutionFit(source, 0);
            for (String noiseLevel : System.getProperty("bnoise", "0,120").split(",")) {
                double photons = Double.parseDouble(noiseLevel);
                StringBuilder row = new StringBuilder();
                for (double[] truth : truths) {
                    SiteProfile profile = new SiteProfile("truth", "x", null, new IntensityTransfer(1, 1, 0.5, 0.9, 0.03),
                            photons > 0 ? new NoiseModel.PoissonGaussian(photons, 0.01) : new NoiseModel.None(),
                            truth[0], truth[1], 0, 0, 0);
                    List<Image> target = through(profile, others);
                    List<Image> even = new ArrayList<>();
                    List<Image> odd = new ArrayList<>();
                    for (int i = 0; i < target.size(); i++) {
                        (i % 2 == 0 ? even : odd).add(target.get(i));
                    }
                    ResolutionFit.Estimate e = fit.fit(target);
                    ResolutionFit.Estimate a = fit.fit(even);
                    ResolutionFit.Estimate b = fit.fit(odd);
                    boolean disagree = Math.abs(Math.max(a.psfSigma(), SiteFit.MIN_SIGMA) - Math.max(b.psfSigma(),
                            SiteFit.MIN_SIGMA)) > SiteFit.SIGMA_AGREEMENT || a.resampling() != b.resampling()
                            || e.resampling() != a.resampling();
                    row.append(String.format(Locale.ROOT, " | %.2f%s%s", e.psfSigma(),
                            e.resampling() == 1 ? "" : String.format(Locale.ROOT, ", x%s", e.resampling()),
                            disagree ? "*" : ""));
                }
                System.out.printf(Locale.ROOT, "BPROBE %s (%d / %d) | %s%s | %.0f s%n", set, source.size(),
                        others.size(), photons > 0 ? noiseLevel + " photons" : "none", row,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    @Test
    void gammaWithGivenNoise() {
        List<Image> source = xrays(0);
        List<Image> others = xrays(1);
        String which = System.getProperty("gprobe", "none");
        for (int c : selected(which)) {
            SiteProfile truth = CASES[c];
            List<Image> target = through(truth, others);
            NoiseModel.PoissonGaussian tn = (NoiseModel.PoissonGaussian) truth.noise();
            for (double photons : new double[] {tn.photons() * 0.5, tn.photons() * 0.8, tn.photons(), tn.photons() * 1.25, tn.photons() * 2}) {
                SiteProfile r = new SiteProfile("r", "xray", null, null, new NoiseModel.PoissonGaussian(photons, tn.readSigma()), 0, 1, 0, 0, 0);
                IntensityFit.Estimate e = IntensityFit.fit(SiteFit.render(r, source), target);
                IntensityFit.Estimate same = IntensityFit.fit(SiteFit.render(r, others), target);
                System.out.printf(Locale.ROOT, "GPROBE %d photons %.0f: gamma %.2f gain %.3f off %.3f | same patients gamma %.2f%n", c, photons,
                        e.transfer().gamma(), e.transfer().gain(), e.transfer().offset(), same.transfer().gamma());
            }
        }
    }

    @Test
    void probe() {
        List<Image> source = xrays(0);
        List<Image> others = xrays(1);
        String which = System.getProperty("probe", "none");
        if (which.equals("none")) {
            return;
        }
        for (int c : selected(which)) {
            SiteProfile truth = CASES[c];
            List<Image> target = through(truth, others);
            long t0 = System.nanoTime();
            // -Dfilesq: the quality as the files' quantisation tables would state it
            SiteFit.Fitted f = SiteFit.fit("fitted", "xray", source, target,
                    System.getProperty("filesq") != null && truth.jpegQuality() > 0 ? truth.jpegQuality() : null);
            double s = (System.nanoTime() - t0) / 1e9;
            SiteProfile fp = f.profile();
            IntensityTransfer ti = truth.intensity();
            IntensityTransfer fi = fp.intensity();
            NoiseModel.PoissonGaussian tn = (NoiseModel.PoissonGaussian) truth.noise();
            String noise = fp.noise() instanceof NoiseModel.PoissonGaussian n
                    ? String.format(Locale.ROOT, "%.1f, %.3f", n.photons(), n.readSigma()) : "none";
            System.out.printf(Locale.ROOT, "PROBE %d truth w %.2f l %.2f g %.2f gain %.2f off %.2f; %.0f, %.3f | fitted"
                    + " w %.3f l %.3f g %.2f gain %.3f off %.3f; %s | %.1f s | %s%n", c, ti.window(), ti.level(),
                    ti.gamma(), ti.gain(), ti.offset(), tn.photons(), tn.readSigma(), fi.window(), fi.level(),
                    fi.gamma(), fi.gain(), fi.offset(), noise, s, f.notFitted());
            System.out.println("PROBE " + c + " joint: " + f.diagnostics().get("gamma with its noise (joint profile)"));
            System.out.printf(Locale.ROOT, "PROBE %d jpeg truth %d fitted %d; psf truth %.2f x%.2f fitted %.2f x%.2f;"
                    + " vignetting %.2f fitted %.2f | %s%n", c, truth.jpegQuality(), fp.jpegQuality(), truth.psfSigma(),
                    truth.resampling(), fp.psfSigma(), fp.resampling(), truth.vignetting(), fp.vignetting(),
                    f.diagnostics());
        }
    }

    /** {@code -Dpprobe=cases}: the profile over gamma ({@link GammaNoiseProfile}) on a grid around the truth. */
    @Test
    void profileOverGamma() {
        String which = System.getProperty("pprobe", "none");
        if (which.equals("none")) {
            return;
        }
        List<Image> source = xrays(0);
        List<Image> others = xrays(1);
        double[] sourceNoise = SiteFit.noiseLine(source);
        for (int c : selected(which)) {
            SiteProfile truth = CASES[c];
            List<Image> target = through(truth, others);
            double tg = truth.intensity().gamma();
            long t0 = System.nanoTime();
            GammaNoiseProfile profile = new GammaNoiseProfile(source, target, sourceNoise);
            System.out.printf(Locale.ROOT, "PPROBE %d setup %.2f s%n", c, (System.nanoTime() - t0) / 1e9);
            NoiseModel start = new NoiseModel.PoissonGaussian(((NoiseModel.PoissonGaussian) truth.noise()).photons()
                    * Double.parseDouble(System.getProperty("pstart", "0.7")), 0.01);
            for (double g = Math.max(0.4, tg - 0.2); g <= tg + 0.2 + 1e-9; g += 0.025) {
                t0 = System.nanoTime();
                GammaNoiseProfile.Point point = profile.at(g, start);
                String noise = point.noise() instanceof NoiseModel.PoissonGaussian n
                        ? String.format(Locale.ROOT, "%.1f/%.3f", n.photons(), n.readSigma()) : "none";
                System.out.printf(Locale.ROOT, "PPROBE %d gamma %.3f: %s gain %.3f off %.3f rms %.5f (%.2f s)%n", c, g,
                        noise, point.curve().transfer().gain(), point.curve().transfer().offset(), point.quantileRms(),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** {@code -Dcprobe=names}: the built-in catalogue's profiles as targets, fitted profile and refusals printed. */
    @Test
    void catalogue() {
        String which = System.getProperty("cprobe", "none");
        if (which.equals("none")) {
            return;
        }
        List<Image> source = xrays(0);
        List<Image> others = xrays(1);
        for (String name : which.split(",")) {
            long t0 = System.nanoTime();
            SiteFit.Fitted f = SiteFit.fit("fitted", "xray", source, through(SiteProfiles.builtIn(name), others));
            System.out.printf(Locale.ROOT, "CPROBE %s | %s | %.1f s | %s | %s%n", name, f.profile(),
                    (System.nanoTime() - t0) / 1e9, f.notFitted(), f.diagnostics());
        }
    }
}
