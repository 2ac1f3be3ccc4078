package org.medrobust.datasets.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.testing.SharedData;

/**
 * The reader on the real files in the shared directory. Expected numbers were computed once with python3 and
 * numpy 2.4.6 (np.load(f)[key] ...), as noted next to each, and are hard-coded here.
 */
class NpzRealFilesTest {

    @TempDir
    Path dir;

    /** Every golden selective-scan file: every array float64 with the shape that index.json lists. */
    @Test
    void goldenSelectiveScanFilesHaveTheShapesOfTheIndex() throws IOException {
        Path golden = SharedData.require("golden/selective_scan/index.json").getParent();
        Map<String, Map<String, long[]>> index = shapesFromIndex(Files.readString(golden.resolve("index.json")));
        assertThat(index).hasSize(5);

        for (Map.Entry<String, Map<String, long[]>> file : index.entrySet()) {
            Map<String, NpyArray> arrays = NpzArchive.read(golden.resolve(file.getKey()));
            assertThat(arrays.keySet()).as(file.getKey()).containsExactlyElementsOf(file.getValue().keySet());
            for (Map.Entry<String, long[]> expected : file.getValue().entrySet()) {
                NpyArray array = arrays.get(expected.getKey());
                assertThat(array.dtype()).as(file.getKey() + " " + expected.getKey()).isEqualTo("<f8");
                assertThat(array.shape()).as(file.getKey() + " " + expected.getKey()).containsExactly(expected.getValue());
                assertThat(array.toDoubles()).hasSize((int) array.size());
            }
        }
    }

    /** numpy: d = np.load(f); float(d['out'][0,1,2]), float(d['out'].sum()), float(d['A'][1,1]). */
    @ParameterizedTest
    @CsvSource({
            "selective_scan_basic_z_bias_softplus.npz, -0.14071511108745863, -0.4092465032344663, -2.234745086884441",
            "selective_scan_grouped_4dir.npz, -1.6073560514440632, 25.666772572410178, -1.0333773292128974",
            "selective_scan_long_odd_L.npz, 0.38898268677734243, -115.53767939169776, -2.3013922316803734",
            "selective_scan_no_D_large_delta.npz, -0.7804045025298243, 84.76699228567838, -2.00617588424351",
            "selective_scan_plain_no_z.npz, -1.4830107817308045, 72828875.43297537, -1.7100122060985288"})
    void goldenSpotValuesMatchNumpy(String name, double out012, double outSum, double a11) {
        Map<String, NpyArray> arrays = NpzArchive.read(SharedData.require("golden/selective_scan/" + name));
        NpyArray out = arrays.get("out");
        int d = out.dim(1);
        int l = out.dim(2);
        assertThat(out.toDoubles()[(0 * d + 1) * l + 2]).isEqualTo(out012);
        assertThat(Arrays.stream(out.toDoubles()).sum()).isCloseTo(outSum, within(Math.abs(outSum) * 1e-12));
        NpyArray a = arrays.get("A");
        assertThat(a.getDouble(1L * a.dim(1) + 1)).isEqualTo(a11);
    }

    /** numpy: int(d['test_images'].astype(np.int64).sum()) and d['test_images'].reshape(n, -1)[0, :5]. */
    @Test
    void medmnistRawArraysMatchNumpy() {
        Map<String, NpyArray> arrays = NpzArchive.read(SharedData.require("data/medmnist/pneumoniamnist_28.npz"));
        assertThat(arrays.keySet()).containsExactly("train_images", "train_labels", "val_images", "val_labels",
                "test_images", "test_labels");
        NpyArray images = arrays.get("test_images");
        assertThat(images.dtype()).isEqualTo("|u1");
        assertThat(images.shape()).containsExactly(624, 28, 28);
        assertThat(arrays.get("train_labels").shape()).containsExactly(3882, 1);
        int[] pixels = images.toInts();
        assertThat(Arrays.copyOf(pixels, 5)).containsExactly(62, 19, 15, 42, 54);
        assertThat(Arrays.stream(pixels).asLongStream().sum()).isEqualTo(70_355_184L);
    }

    @Test
    void truncatedRealArchiveIsReportedAsTruncated() throws IOException {
        byte[] whole = Files.readAllBytes(SharedData.require("data/medmnist/breastmnist_28.npz"));
        Path truncated = Files.write(dir.resolve("breastmnist_28.npz"), Arrays.copyOf(whole, whole.length * 6 / 10));

        assertThatThrownBy(() -> NpzArchive.read(truncated)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("breastmnist_28.npz: truncated or corrupt zip archive (")
                .hasMessageEndingWith("re-download or re-export the file")
                .hasMessageNotContaining("\n");
    }

    /** Reads the per-file array shapes out of index.json (a fixed, simple layout; no JSON library in this module). */
    private static Map<String, Map<String, long[]>> shapesFromIndex(String json) {
        Map<String, Map<String, long[]>> result = new LinkedHashMap<>();
        Pattern file = Pattern.compile("\"file\":\\s*\"([^\"]+)\",\\s*\"arrays\":\\s*\\{([^}]*)}");
        Pattern array = Pattern.compile("\"(\\w+)\":\\s*\\[([\\d,\\s]*)]");
        Matcher files = file.matcher(json);
        while (files.find()) {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            Matcher arrays = array.matcher(files.group(2));
            while (arrays.find()) {
                shapes.put(arrays.group(1), Arrays.stream(arrays.group(2).split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray());
            }
            result.put(files.group(1), shapes);
        }
        return result;
    }
}
