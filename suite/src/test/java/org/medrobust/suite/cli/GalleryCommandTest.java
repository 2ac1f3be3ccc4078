package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gallery} and {@code bench corruptions} end to end on the built-in phantoms. */
class GalleryCommandTest {

    @TempDir
    Path tmp;

    @Test
    void galleryWritesOneRowPerCorruptionAndOneColumnPerSeverity() throws Exception {
        Path png = tmp.resolve("g.png");
        CliTest.Result result = CliTest.cli("gallery", "--index", "3", "--zoom", "2", "--corruptions",
                "fog,pixelate,medmnistc_breastmnist_motion_blur", "--out", png.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        // header 22 + 3 rows of (56 + 4); clean + 5 severities of (56 + 4) after the labels
        assertThat(image.getHeight()).isEqualTo(22 + 3 * 60);
        assertThat(image.getWidth()).isGreaterThan(6 * 60);
        // the same seed draws the same picture
        Path again = tmp.resolve("again.png");
        CliTest.cli("gallery", "--index", "3", "--zoom", "2", "--corruptions",
                "fog,pixelate,medmnistc_breastmnist_motion_blur", "--out", again.toString());
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(png));
    }

    @Test
    void galleryRefusesUnknownCorruptionsAndModalitiesInOneLine() {
        CliTest.Result unknown = CliTest.cli("gallery", "--corruptions", "sunburn", "--out",
                tmp.resolve("x.png").toString());
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err().strip()).startsWith("medrobust: ").contains("sunburn").doesNotContain("\n");
        CliTest.Result knee = CliTest.cli("gallery", "--modality", "knee", "--out", tmp.resolve("y.png").toString());
        assertThat(knee.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(knee.err()).contains("unknown modality 'knee'");
        assertThat(Files.exists(tmp.resolve("x.png"))).isFalse();
        assertThat(Files.exists(tmp.resolve("y.png"))).isFalse();
    }

    @Test
    void mriGalleryDrawsTheSevenPhysicsCorruptions() throws Exception {
        Path png = tmp.resolve("mri.png");
        CliTest.Result mri = CliTest.cli("gallery", "--zoom", "2", "--modality", "mri", "--out", png.toString());
        assertThat(mri.exitCode()).as(mri.err()).isZero();
        assertThat(ImageIO.read(png.toFile()).getHeight()).isEqualTo(22 + 7 * 60);
    }

    @Test
    void benchCorruptionsReportsThroughput() {
        CliTest.Result result = CliTest.cli("bench", "corruptions", "--images", "8", "--corruptions",
                "gaussian_noise,jpeg_compression");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("gaussian_noise", "jpeg_compression", "images/s", "8 images of phantom");
    }
}
