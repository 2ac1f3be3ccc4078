package org.medrobust.datasets.medmnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medrobust.datasets.ArrayDataset;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.testing.SharedData;

/**
 * The loader on the two real MedMNIST files (pneumoniamnist: labels (N, 1); breastmnist: labels (N,)).
 * Expected numbers were computed independently with python3 + numpy 2.4.6:
 * np.bincount(d[s + '_labels'].reshape(-1)), int(d[s + '_images'].astype(np.int64).sum()), d['test_images'][5, 7, 11],
 * d['test_images'][-1, 27, 27], d['test_labels'].reshape(-1)[:4]; the hashes with sha256sum.
 */
class MedMnistRealFilesTest {

    /** Each file is loaded once for all its checks, to keep the test run lean. */
    private static final Map<String, DataSource> LOADED = new ConcurrentHashMap<>();

    private static DataSource load(String file) {
        return LOADED.computeIfAbsent(file, f -> MedMnistLoader.load(SharedData.require("data/medmnist/" + f)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            // file,                 split, size, class0, class1, sum of uint8 pixels
            "pneumoniamnist_28.npz, TRAIN, 3882, 388, 3494, 447494718",
            "pneumoniamnist_28.npz, VAL,   524,  135, 389,  59624090",
            "pneumoniamnist_28.npz, TEST,  624,  234, 390,  70355184",
            "breastmnist_28.npz,    TRAIN, 546,  147, 399,  35757482",
            "breastmnist_28.npz,    VAL,   78,   21,  57,   5282574",
            "breastmnist_28.npz,    TEST,  156,  42,  114,  10478773"})
    void splitSizesClassCountsAndPixelSumsMatchNumpy(String file, Split split, int size, int class0, int class1, long pixelSum) {
        Dataset dataset = load(file).split(split);

        assertThat(dataset.size()).isEqualTo(size);
        assertThat(dataset.shape()).isEqualTo(new ImageShape(1, 28, 28));
        int[] counts = new int[2];
        for (int label : dataset.labels(0, size)) {
            counts[label]++;
        }
        assertThat(counts).containsExactly(class0, class1);
        assertThat(((ArrayDataset) dataset).classCounts()).containsExactly(class0, class1);

        ImageBatch all = dataset.batch(0, size);
        double floatSum = 0;
        long roundedSum = 0;
        for (float value : all.data()) {
            assertThat(value).isBetween(0f, 1f);
            floatSum += value;
            roundedSum += Math.round(value * 255);
        }
        assertThat(roundedSum).isEqualTo(pixelSum);
        assertThat(floatSum * 255).isCloseTo(pixelSum, within(pixelSum * 1e-6));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "pneumoniamnist_28.npz, pneumoniamnist_28, normal,    pneumonia,        a554d2332488d3ddc075125e66a1af77ec379fd2bafc09108ab95a37e2bd9c26, 154, 111, 1, 0, 1, 0",
            "breastmnist_28.npz,    breastmnist_28,    malignant, normal_or_benign, 5e68d79723fb3a63a399b0a66b66451799fc2eb3651f469cec0b679cfd743b68, 96,  19,  0, 1, 1, 1"})
    void identityClassNamesAndSpotPixelsMatch(String file, String name, String class0, String class1, String sha256,
                                              int pixel5y7x11, int lastPixel, int l0, int l1, int l2, int l3) {
        DataSource source = load(file);

        assertThat(source.name()).isEqualTo(name);
        assertThat(source.sha256()).isEqualTo(sha256);
        assertThat(source.available()).isEqualTo(EnumSet.allOf(Split.class));
        Dataset test = source.split(Split.TEST);
        assertThat(test.name()).isEqualTo(name + "/test");
        assertThat(test.classNames()).containsExactly(class0, class1);
        assertThat(Math.round(test.image(5).at(0, 7, 11) * 255)).isEqualTo(pixel5y7x11);
        assertThat(Math.round(test.image(test.size() - 1).at(0, 27, 27) * 255)).isEqualTo(lastPixel);
        assertThat(test.labels(0, 4)).containsExactly(l0, l1, l2, l3);
    }
}
