package org.medrobust.perturbations.weather;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.perturbations.Perturbation;

class FrostTest {

    /** SHA-256 of hendrycks/robustness ImageNet-C/create_c/frost1.png .. frost5.jpg at commit 8190fe3. */
    private static final List<String> UPSTREAM_SHA256 = List.of(
            "ff9f907860bd7a835d459e32f9d588062b7f61ee267343cc7222b56753a14755",
            "fe211a89b336999c207a852ce05818d4545d0b57c5beadd824b4cc9d9a9b6137",
            "2d0d50b4a9bb213f38b024ef7768731bb83cc08d2f26b5766bbc167cdfa0e504",
            "3f8b91ca1a9fa7167b09e773da53f5ae60d0a1fd88f02a783f6e328a72887f6e",
            "5fc6a19df4a429ba68abdcc8f8a4278d4c9f81c9ccafd2c92ab0c8cf8992ebd2");

    @Test
    void shipsTheReferencePhotographsUnchanged() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (InputStream in = FrostImages.class.getResourceAsStream(FrostImages.FILES.get(i))) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
                assertThat(HexFormat.of().formatHex(digest)).as(FrostImages.FILES.get(i))
                        .isEqualTo(UPSTREAM_SHA256.get(i));
            }
        }
    }

    @Test
    void cifarResizeIsOpenCvsSubsamplingAtFivePlusTwo() {
        // cv2.resize(fx=0.2) sizes: round(900 x 600 * .2), 560 x 315, 560 x 315, 527 x 350, 660 x 495
        int[][] sizes = {{120, 180}, {63, 112}, {63, 112}, {70, 105}, {99, 132}};
        for (int i = 0; i < 5; i++) {
            FrostImages.Texture original = FrostImages.original(i);
            FrostImages.Texture small = FrostImages.resized(i, 0.2);
            assertThat(new int[] {small.height(), small.width()}).containsExactly(sizes[i]);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < small.height(); y += 7) {
                    for (int x = 0; x < small.width(); x += 5) {
                        assertThat(small.rgb()[c][y * small.width() + x])
                                .isEqualTo(original.rgb()[c][(5 * y + 2) * original.width() + 5 * x + 2]);
                    }
                }
            }
        }
    }

    @Test
    void outputIsTheBlendOfImageAndTheRecordedCrop() {
        int side = 28;
        float[] pixels = new float[3 * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 97) / 96f;
        }
        Image image = new Image(new ImageShape(3, side, side), pixels);
        Perturbation.Perturbed out = new Frost(4).applyRecorded(image, new SplittableRandom(5));
        int index = (int) out.sampled().get("frost_image") - 1;
        assertThat((double) out.sampled().get("resize_factor")).isEqualTo(0.2);
        @SuppressWarnings("unchecked")
        List<Integer> crop = (List<Integer>) out.sampled().get("crop_yx");
        FrostImages.Texture frost = FrostImages.resized(index, 0.2);
        assertThat(crop.get(0)).isBetween(0, frost.height() - side - 1);
        int n = side * side;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double f = frost.rgb()[c][(crop.get(0) + y) * frost.width() + crop.get(1) + x] / 255.0;
                    double expected = Math.min(1.0, 0.85 * pixels[c * n + y * side + x] + 0.4 * f);
                    assertThat((double) out.image().pixels()[c * n + y * side + x]).isCloseTo(expected,
                            org.assertj.core.data.Offset.offset(1e-6));
                }
            }
        }
    }

    @Test
    void largeImagesGetProportionallyLargerIceAndAlwaysFit() {
        assertThat(Frost.factor(0, 28, 28)).isEqualTo(0.2);
        assertThat(Frost.factor(0, 224, 224)).isEqualTo(1.4);
        for (int i = 0; i < 5; i++) {
            FrostImages.Texture t = FrostImages.resized(i, Frost.factor(i, 300, 64));
            assertThat(t.height()).isGreaterThan(300);
        }
    }
}
