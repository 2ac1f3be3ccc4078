package org.medrobust.datasets.medmnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medrobust.datasets.testing.NpyBytes.float32;
import static org.medrobust.datasets.testing.NpyBytes.int64;
import static org.medrobust.datasets.testing.NpyBytes.npy;
import static org.medrobust.datasets.testing.NpyBytes.npz;
import static org.medrobust.datasets.testing.NpyBytes.uint8;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.util.Sha256;

/** The loader on small MedMNIST-style files written by the test: layouts, label shapes, and every refusal. */
class MedMnistLoaderTest {

    @TempDir
    Path dir;

    /** A test-only file: 3 gray 2x2 uint8 images with labels (3,). */
    private Map<String, byte[]> grayTestSplit(int... labels) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("test_images.npy", npy("|u1", new long[] {3, 2, 2}, uint8(0, 51, 102, 255, 1, 2, 3, 4, 5, 6, 7, 8)));
        entries.put("test_labels.npy", npy("<i8", new long[] {labels.length}, int64(java.util.Arrays.stream(labels).asLongStream().toArray())));
        return entries;
    }

    private Path write(String name, Map<String, byte[]> entries) {
        return npz(dir.resolve(name), true, entries);
    }

    private static Map<String, byte[]> with(Map<String, byte[]> entries, String key, byte[] value) {
        Map<String, byte[]> copy = new LinkedHashMap<>(entries);
        copy.put(key, value);
        return copy;
    }

    @Test
    void loadsAFileWithOnlyATestSplitAndNamesClassesGenerically() {
        Path file = write("organamnist_2.npz", grayTestSplit(0, 2, 1));
        DataSource source = MedMnistLoader.load(file);

        assertThat(source.name()).isEqualTo("organamnist_2");
        assertThat(source.sha256()).isEqualTo(Sha256.of(file));
        assertThat(source.available()).containsExactly(Split.TEST);
        Dataset test = source.split(Split.TEST);
        assertThat(test.shape()).isEqualTo(new ImageShape(1, 2, 2));
        assertThat(test.classNames()).containsExactly("class_0", "class_1", "class_2");
        assertThat(test.labels(0, 3)).containsExactly(0, 2, 1);
        assertThat(test.image(0).pixels()).containsExactly(0f, 51 / 255f, 102 / 255f, 1f);
        assertThatThrownBy(() -> source.split(Split.TRAIN)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void convertsRgbChannelsLastToChannelsFirstPixelByPixel() {
        int n = 2, h = 3, w = 4, c = 3;
        byte[] pixels = new byte[n * h * w * c];
        for (int i = 0, k = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        pixels[k++] = (byte) rgbValue(i, y, x, ch);
                    }
                }
            }
        }
        Path file = write("dermamnist_rgb.npz", Map.of(
                "train_images.npy", npy("|u1", new long[] {n, h, w, c}, pixels),
                "train_labels.npy", npy("|u1", new long[] {n, 1}, uint8(1, 0))));

        Dataset train = MedMnistLoader.load(file).split(Split.TRAIN);

        assertThat(train.shape()).isEqualTo(new ImageShape(3, 3, 4));
        for (int i = 0; i < n; i++) {
            Image image = train.image(i);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        assertThat(Math.round(image.at(ch, y, x) * 255)).as("n=%d c=%d y=%d x=%d", i, ch, y, x)
                                .isEqualTo(rgbValue(i, y, x, ch));
                        assertThat(image.pixels()[(ch * h + y) * w + x]).isEqualTo(rgbValue(i, y, x, ch) / 255f);
                    }
                }
            }
        }
        assertThat(train.batch(1, 2).data()).containsExactly(train.image(1).pixels());
    }

    private static int rgbValue(int n, int y, int x, int channel) {
        return n * 100 + channel * 30 + y * 5 + x;
    }

    @Test
    void acceptsFloatImagesInUnitRangeAndGrayChannelsLast() {
        Path file = write("floaty.npz", Map.of(
                "val_images.npy", npy("<f4", new long[] {1, 2, 2, 1}, float32(0f, 0.25f, 0.5f, 1f)),
                "val_labels.npy", npy("|u1", new long[] {1}, uint8(0))));
        Dataset val = MedMnistLoader.load(file).split(Split.VAL);
        assertThat(val.shape()).isEqualTo(new ImageShape(1, 2, 2));
        assertThat(val.image(0).pixels()).containsExactly(0f, 0.25f, 0.5f, 1f);
    }

    @Test
    void refusesFloatImagesOutsideUnitRange() {
        Path file = write("wide.npz", Map.of(
                "test_images.npy", npy("<f4", new long[] {1, 2, 2}, float32(0f, 0.5f, 1.5f, 1f)),
                "test_labels.npy", npy("|u1", new long[] {1}, uint8(0))));
        assertThatThrownBy(() -> MedMnistLoader.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessage("wide.npz: test_images holds the value 1.5 at element 2, outside [0, 1]; scale float images"
                        + " to [0, 1] or store them as uint8");
        Path nan = write("nan.npz", Map.of(
                "test_images.npy", npy("<f4", new long[] {1, 1, 1}, float32(Float.NaN)),
                "test_labels.npy", npy("|u1", new long[] {1}, uint8(0))));
        assertThatThrownBy(() -> MedMnistLoader.load(nan)).hasMessageContaining("holds the value NaN");
    }

    @Test
    void refuses3dVolumes() {
        Path file = write("organmnist3d_28.npz", Map.of(
                "test_images.npy", npy("|u1", new long[] {2, 4, 5, 6}, new byte[2 * 4 * 5 * 6]),
                "test_labels.npy", npy("|u1", new long[] {2, 1}, uint8(0, 1))));
        assertThatThrownBy(() -> MedMnistLoader.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("organmnist3d_28.npz: test_images has shape [2, 4, 5, 6], a 3D volume")
                .hasMessageContaining("3D volumes are not supported yet");
    }

    @Test
    void refusesMultiLabelTargets() {
        Path file = write("chestmnist.npz", with(grayTestSplit(0, 1, 0), "test_labels.npy",
                npy("|u1", new long[] {3, 14}, new byte[3 * 14])));
        assertThatThrownBy(() -> MedMnistLoader.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("chestmnist.npz: test_labels has shape [3, 14], 14 labels per image (multi-label)")
                .hasMessageContaining("multi-label tasks are not supported yet");
    }

    @Test
    void refusesLabelCountThatDiffersFromImageCount() {
        Path file = write("short.npz", grayTestSplit(0, 1));
        assertThatThrownBy(() -> MedMnistLoader.load(file))
                .hasMessageStartingWith("short.npz: test_labels has 2 labels but test_images has 3 images");
    }

    @Test
    void refusesNegativeAndNonIntegerLabels() {
        Path negative = write("negative.npz", with(grayTestSplit(0, 1, 0), "test_labels.npy",
                npy("|i1", new long[] {3}, uint8(0, -1, 1))));
        assertThatThrownBy(() -> MedMnistLoader.load(negative))
                .hasMessageStartingWith("negative.npz: test_labels holds the label -1 at index 1");
        Path floats = write("floatlabels.npz", with(grayTestSplit(0, 1, 0), "test_labels.npy",
                npy("<f4", new long[] {3}, float32(0f, 1f, 0f))));
        assertThatThrownBy(() -> MedMnistLoader.load(floats))
                .hasMessageStartingWith("floatlabels.npz: test_labels holds float32 labels; labels must be integers");
    }

    @Test
    void refusesIncompleteOrMissingSplitsAndMixedShapes() {
        Map<String, byte[]> onlyImages = new LinkedHashMap<>(grayTestSplit(0, 1, 0));
        onlyImages.remove("test_labels.npy");
        assertThatThrownBy(() -> MedMnistLoader.load(write("half.npz", onlyImages)))
                .hasMessageStartingWith("half.npz: has test_images but no test_labels");
        assertThatThrownBy(() -> MedMnistLoader.load(write("other.npz", Map.of("x.npy", npy("|u1", new long[] {1}, uint8(1))))))
                .hasMessageStartingWith("other.npz: no MedMNIST splits found (keys [x])");
        Map<String, byte[]> mixed = new LinkedHashMap<>(grayTestSplit(0, 1, 0));
        mixed.put("val_images.npy", npy("|u1", new long[] {1, 3, 3}, new byte[9]));
        mixed.put("val_labels.npy", npy("|u1", new long[] {1}, uint8(0)));
        assertThatThrownBy(() -> MedMnistLoader.load(write("mixed.npz", mixed)))
                .hasMessageStartingWith("mixed.npz: val images are 1x3x3 but test images are 1x2x2");
        Map<String, byte[]> wide = with(grayTestSplit(0, 1, 0), "test_images.npy", npy("<u2", new long[] {3, 2, 2}, new byte[24]));
        assertThatThrownBy(() -> MedMnistLoader.load(write("sixteen.npz", wide)))
                .hasMessageStartingWith("sixteen.npz: test_images holds uint16 pixels");
    }

    @Test
    void choosesKnownOrGivenClassNames() {
        assertThat(MedMnistLoader.load(write("pneumoniamnist_64.npz", grayTestSplit(0, 1, 0))).split(Split.TEST).classNames())
                .containsExactly("normal", "pneumonia");
        assertThat(MedMnistLoader.load(write("BreastMNIST_128.npz", grayTestSplit(0, 0, 0))).split(Split.TEST).classNames())
                .containsExactly("malignant", "normal_or_benign");
        assertThatThrownBy(() -> MedMnistLoader.load(write("breastmnist_odd.npz", grayTestSplit(0, 2, 1))))
                .hasMessageStartingWith("breastmnist_odd.npz: label 2 at test_labels[1] is outside breastmnist's 2 classes");

        Path file = write("custom.npz", grayTestSplit(0, 1, 0));
        assertThat(MedMnistLoader.load(file, List.of("healthy", "sick", "unsure")).split(Split.TEST).classNames())
                .containsExactly("healthy", "sick", "unsure");
        assertThatThrownBy(() -> MedMnistLoader.load(file, List.of("healthy")))
                .hasMessageStartingWith("custom.npz: label 1 at test_labels[1] is outside the 1 classes given [healthy]");
        assertThatThrownBy(() -> MedMnistLoader.load(file, List.of("a", "a")))
                .hasMessageContaining("must be non-blank and distinct");
    }
}
