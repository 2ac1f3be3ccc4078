package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.builtin.BuiltinData;
import org.medrobust.perturbations.site.IntensityTransfer;
import org.medrobust.perturbations.site.NoiseModel;
import org.medrobust.perturbations.site.SiteProfile;
import org.medrobust.perturbations.site.SiteProfiles;
import org.medrobust.perturbations.site.SiteShift;
import org.medrobust.suite.cli.CliTest.Result;

/** {@code medrobust site fit}: PNGs of a known site in, a profile YAML out that the catalogue loader reads back. */
class SiteFitCommandTest {

    @TempDir
    Path tmp;

    @Test
    void fitsAFolderOfPngsAndPrintsALoadableProfile() throws IOException {
        SiteProfile truth = new SiteProfile("truth", "xray", null, new IntensityTransfer(1, 1, 0.5, 0.8, 0.08),
                new NoiseModel.PoissonGaussian(50, 0.01), 0, 1, 0.25, 0, 0);
        Dataset xrays = BuiltinData.load("pneumoniamnist").split(Split.TEST);
        Path site = Files.createDirectory(tmp.resolve("ward9"));
        SiteShift shift = new SiteShift(truth);
        for (int i = 1; i < xrays.size(); i += 2) {
            writePng(shift.apply(xrays.image(i), new SplittableRandom(i)), site.resolve("img%04d.png".formatted(i)));
        }
        Result result = CliTest.cli("site", "fit", site.toString(), "--name", "ward9", "--source",
                "builtin:pneumoniamnist");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        Path yaml = Files.writeString(tmp.resolve("ward9.yaml"), result.out());
        SiteProfile fitted = SiteProfiles.load(yaml).getFirst();
        assertThat(fitted.name()).isEqualTo("ward9");
        assertThat(fitted.intensity().gain()).isCloseTo(0.8, within(0.03));
        assertThat(fitted.intensity().offset()).isCloseTo(0.08, within(0.015));
        assertThat(fitted.vignetting()).isCloseTo(0.25, within(0.02));
        assertThat(((NoiseModel.PoissonGaussian) fitted.noise()).photons()).isCloseTo(50, within(7.5));
        assertThat(result.out()).contains("not fitted (left neutral):", "#   window and level");
    }

    /** JPEG files say their quality in their quantisation tables: the profile re-compresses at it. */
    @Test
    void aFolderOfJpegsGetsItsQualityFromTheTables() throws IOException {
        Dataset xrays = BuiltinData.load("pneumoniamnist").split(Split.TEST);
        Path site = Files.createDirectory(tmp.resolve("ward_jpeg"));
        for (int i = 1; i < 80; i += 2) {
            writeJpeg(xrays.image(i), 60 + i % 3, site.resolve("img%04d.jpg".formatted(i))); // 60, 61, 62: median 61
        }
        Result result = CliTest.cli("site", "fit", site.toString(), "--name", "ward_jpeg");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        SiteProfile fitted = SiteProfiles.load(Files.writeString(tmp.resolve("j.yaml"), result.out())).getFirst();
        assertThat(fitted.jpegQuality()).isEqualTo(61);
        assertThat(result.out()).doesNotContain("jpegQuality, ").contains("quantisation tables");

        writePng(xrays.image(0), site.resolve("z.png")); // a mixed folder says nothing about the site's compression
        Result mixed = CliTest.cli("site", "fit", site.toString(), "--name", "ward_mixed");
        assertThat(mixed.exitCode()).as(mixed.err()).isEqualTo(ExitCodes.OK);
        assertThat(mixed.out()).doesNotContain("(the target files' quantisation tables)");
    }

    @Test
    void aMissingFolderExitsTwo() {
        Result result = CliTest.cli("site", "fit", tmp.resolve("nowhere").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("nowhere", "not a folder of images");
    }

    private static void writeJpeg(Image image, int quality, Path file) throws IOException {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new javax.imageio.IIOImage(gray(image), null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private static void writePng(Image image, Path file) throws IOException {
        ImageIO.write(gray(image), "png", file.toFile());
    }

    private static BufferedImage gray(Image image) {
        int h = image.shape().height();
        int w = image.shape().width();
        BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int value = Math.round(image.pixels()[y * w + x] * 255);
                gray.getRaster().setSample(x, y, 0, value);
            }
        }
        return gray;
    }
}
