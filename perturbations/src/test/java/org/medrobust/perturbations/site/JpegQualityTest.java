package org.medrobust.perturbations.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.perturbations.ops.Jpeg;

/** JPEG quality from a file's quantisation table: the JDK's libjpeg-based writer's files give back their quality. */
class JpegQualityTest {

    @Test
    void qualityFiftyIsTheAnnexKTableAndSeventyFiveHalvesIt() {
        // T.81 Table K.1, first row and last row, by hand
        int[] fifty = JpegQuality.ijgTable(50);
        assertThat(Arrays.copyOfRange(fifty, 0, 8)).containsExactly(16, 11, 10, 16, 24, 40, 51, 61);
        assertThat(Arrays.copyOfRange(fifty, 56, 64)).containsExactly(72, 92, 95, 98, 112, 100, 103, 99);
        // q 75: scale 50 %, (16 * 50 + 50) / 100 = 8, (11 * 50 + 50) / 100 = 6
        assertThat(Arrays.copyOfRange(JpegQuality.ijgTable(75), 0, 3)).containsExactly(8, 6, 5);
        assertThat(JpegQuality.ijgTable(100)).containsOnly(1);
    }

    @Test
    void filesOfTheJdkWriterGiveBackTheirQualityExactly() {
        for (int size : new int[] {28, 64}) {
            Image image = texture(size);
            for (int q : new int[] {5, 10, 25, 40, 50, 60, 70, 75, 85, 90, 95}) {
                var estimate = JpegQuality.of(Jpeg.encoded(image, q)).orElseThrow();
                assertThat(estimate.quality()).as("quality %d at %dx%d", q, size, size).isEqualTo(q);
                // the JDK scales in float ((int) (K x scale + 0.5)), libjpeg in integers: an entry may differ by 1
                assertThat(estimate.residual()).as("residual at quality %d", q).isLessThanOrEqualTo(8);
            }
        }
    }

    @Test
    void ownTablesGetTheNearestQualityWithAResidualAndOtherBytesNone() {
        byte[] file = new byte[4 + 1 + 64 + 2];
        file[0] = (byte) 0xFF;
        file[1] = (byte) 0xD8;
        file[2] = (byte) 0xFF;
        file[3] = (byte) 0xDB;
        file[4] = 0;
        file[5] = 67; // length: 2 + 1 + 64
        file[6] = 0x00; // 8-bit, table 0
        Arrays.fill(file, 7, 7 + 64, (byte) 7);
        byte[] dqt = Arrays.copyOf(file, 4 + 2 + 1 + 64);
        var estimate = JpegQuality.of(dqt).orElseThrow();
        // a flat 7 is no IJG table: nearest q 96 (residual 198; q 95: 201), from the formula evaluated in Python
        assertThat(estimate).isEqualTo(new JpegQuality.Estimate(96, 198));
        assertThat(JpegQuality.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isEmpty();
        assertThat(JpegQuality.of(Arrays.copyOf(dqt, 40))).isEmpty();
    }

    private static Image texture(int size) {
        SplittableRandom random = new SplittableRandom(3);
        float[] pixels = new float[size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.clamp(0.5 + 0.3 * Math.sin(i * 0.37) + 0.1 * random.nextGaussian(), 0, 1);
        }
        return new Image(new ImageShape(1, size, size), pixels);
    }
}
