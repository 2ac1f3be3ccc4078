package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.medmnist.MedMnistLoader;
import org.medrobust.perturbations.site.MacenkoStain;
import org.medrobust.perturbations.site.SiteProfile;
import org.medrobust.perturbations.site.SiteProfiles;
import org.medrobust.perturbations.site.SiteShift;
import org.medrobust.suite.cli.CliTest.Result;

/** {@code medrobust site fit} on RGB folders: refused against a gray source, fitted against an RGB one. */
class SiteFitStainCommandTest {

    @TempDir
    Path tmp;

    @Test
    void anRgbFolderAgainstTheGraySourceIsRefusedInOneLine() throws IOException {
        Path site = Files.createDirectory(tmp.resolve("lab_rgb"));
        float[] x = new float[3 * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 97) / 96f;
        }
        writePng(new Image(new ImageShape(3, 28, 28), x), site.resolve("a.png"));
        Result result = CliTest.cli("site", "fit", site.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains(site.toString(), "RGB images", "builtin:pneumoniamnist is gray",
                "pass --source with RGB data");
    }

    /** RetinaMNIST (RGB fundus photographs, not stained): what the Macenko fit makes of real colour images. */
    @Test
    void realRgbImagesAreNeutralUnshiftedAndGiveALabsStainBack() throws IOException {
        String shared = System.getProperty("medrobust.shared.dir");
        assumeTrue(shared != null, "system property medrobust.shared.dir is not set");
        Path npz = Path.of(shared, "data/medmnist/retinamnist_28.npz");
        assumeTrue(Files.isRegularFile(npz), npz + " is absent");
        Dataset retina = MedMnistLoader.load(npz).split(Split.TEST);
        Path same = Files.createDirectory(tmp.resolve("same"));
        Path lab = Files.createDirectory(tmp.resolve("lab"));
        SiteShift shift = new SiteShift(new SiteProfile("lab", null, null, null, null, 0, 1, 0, 0, 0,
                MacenkoStain.REFERENCE));
        for (int i = 1; i < retina.size(); i += 2) {
            writePng(retina.image(i), same.resolve("img%04d.png".formatted(i)));
            writePng(shift.apply(retina.image(i), new SplittableRandom(i)), lab.resolve("img%04d.png".formatted(i)));
        }
        // the odd test images against all of them: the same colours, neutral (measured H .35, E .63 degrees apart)
        Result unshifted = CliTest.cli("site", "fit", same.toString(), "--source", npz.toString(), "--name", "same");
        assertThat(unshifted.exitCode()).as(unshifted.err()).isEqualTo(ExitCodes.OK);
        assertThat(unshifted.out()).contains("#   stain (the target's Macenko stains are the source's")
                .doesNotContain("    stain: {");
        // through the reference lab's stain: its vectors come back (measured .4 and 1.6 degrees, maxima 3% and 7%)
        Result result = CliTest.cli("site", "fit", lab.toString(), "--source", npz.toString(), "--name", "lab");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        MacenkoStain.Stains fitted = SiteProfiles.load(Files.writeString(tmp.resolve("lab.yaml"), result.out()))
                .getFirst().stain();
        MacenkoStain.Stains truth = MacenkoStain.REFERENCE;
        assertThat(degrees(fitted.hematoxylin(), truth.hematoxylin())).isLessThan(1.0);
        assertThat(degrees(fitted.eosin(), truth.eosin())).isLessThan(2.5);
        assertThat(fitted.maxHematoxylin() / truth.maxHematoxylin()).isBetween(0.9, 1.1);
        assertThat(fitted.maxEosin() / truth.maxEosin()).isBetween(0.9, 1.1);
    }

    private static double degrees(double[] u, double[] v) {
        return Math.toDegrees(Math.acos(Math.min(1, u[0] * v[0] + u[1] * v[1] + u[2] * v[2])));
    }

    private static void writePng(Image image, Path file) throws IOException {
        int h = image.shape().height();
        int w = image.shape().width();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb.getRaster().setSample(x, y, c, Math.round(image.pixels()[c * h * w + y * w + x] * 255));
                }
            }
        }
        ImageIO.write(rgb, "png", file.toFile());
    }
}
