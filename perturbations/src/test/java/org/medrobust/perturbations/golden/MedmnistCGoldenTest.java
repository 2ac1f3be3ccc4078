package org.medrobust.perturbations.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.npz.NpyArray;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.perturbations.medical.MedmnistC;
import org.medrobust.perturbations.medical.Resolution;

/**
 * MedMNIST-C corruptions against the official code (registry parameters of pneumoniamnist, breastmnist, pathmnist)
 * on real 28 px images (bubble: 224 px), with the parameters as published ({@link Resolution#NATIVE}, which is
 * what the golden data ran): our parameter rows equal the index's; Pillow/torchvision 8-bit operators exact;
 * float-then-truncate ones within one level; JPEG by its damage; random ones by 200-draw statistics.
 */
class MedmnistCGoldenTest {

    /** Exact on 8 bits: Pillow BOX, ImageEnhance and torchvision's gamma table. */
    private static final Set<String> EXACT = Set.of("pixelate", "brightness_up", "brightness_down", "contrast_up",
            "contrast_down", "gamma_corr_up", "gamma_corr_down");

    /** As in ImageNetCGoldenTest: ImageMagick's quantisation of the motion blur is not reproduced. */
    private static final Map<String, StatsCheck.Slack> SLACK = Map.of(
            "motion_blur", new StatsCheck.Slack(1, 3, false),
            "bubble", new StatsCheck.Slack(2, 2, false));

    @TestFactory
    Stream<DynamicTest> everyFileAndSeverity() {
        return Golden.entries("medmnist_c").stream().map(entry -> DynamicTest.dynamicTest(entry.get("file").asText(),
                () -> check(entry)));
    }

    private static void check(JsonNode entry) {
        String file = entry.get("file").asText();
        String corruption = file.substring(file.lastIndexOf("__") + 2, file.length() - ".npz".length());
        String set = entry.get("parameter_set").asText();
        for (int s = 1; s <= 5; s++) {
            JsonNode published = entry.get("params_per_severity").get(s - 1);
            List<Double> expected = new ArrayList<>();
            if (published.isArray()) {
                published.forEach(v -> expected.add(v.asDouble()));
            } else {
                expected.add(published.asDouble());
            }
            assertThat(MedmnistC.parameters(set, corruption, s)).as(file + " s" + s + " parameters")
                    .containsExactly(expected.stream().mapToDouble(Double::doubleValue).toArray());
        }
        Map<String, NpyArray> npz = Golden.read(entry);
        boolean gray = npz.get("input").ndim() == 3;
        if (entry.get("deterministic").asBoolean()) {
            assertThat(deterministic(set, corruption, npz)).as(file).isEmpty();
        } else {
            List<String> failures = StatsCheck.run(entry, npz, gray ? "ch0" : "rgb",
                    s -> MedmnistC.create(set, corruption, s, Resolution.NATIVE),
                    SLACK.getOrDefault(corruption, StatsCheck.Slack.NONE), file.hashCode());
            assertThat(failures).as(file).isEmpty();
        }
    }

    private static List<String> deterministic(String set, String corruption, Map<String, NpyArray> npz) {
        List<Image> inputs = Golden.inputs(npz.get("input"));
        List<String> failures = new ArrayList<>();
        for (int s = 1; s <= 5; s++) {
            Perturbation perturbation = MedmnistC.create(set, corruption, s, Resolution.NATIVE);
            NpyArray expected = npz.get("output_s" + s);
            for (int k = 0; k < inputs.size(); k++) {
                Image clean = inputs.get(k);
                Image ours = perturbation.apply(clean, null);
                for (int c = 0; c < ours.shape().channels(); c++) {
                    double[] mine = Golden.levels(ours, c);
                    double[] ref = Golden.plane(expected, k, c);
                    if (corruption.equals("jpeg_compression")) {
                        double[] cleanLevels = Golden.levels(clean, c);
                        double diff = ImageNetCGoldenTest.psnr(mine, cleanLevels)
                                - ImageNetCGoldenTest.psnr(ref, cleanLevels);
                        if (Math.abs(diff) > ImageNetCGoldenTest.JPEG_PSNR_TOLERANCE_DB) {
                            failures.add(String.format("s%d image %d: PSNR ours - reference = %.2f dB", s, k, diff));
                        }
                        continue;
                    }
                    double tolerance = EXACT.contains(corruption) ? 1e-3 : 1.0 + 1e-3;
                    double worst = 0;
                    for (int i = 0; i < mine.length; i++) {
                        worst = Math.max(worst, Math.abs(mine[i] - ref[i]));
                    }
                    if (worst > tolerance) {
                        failures.add(String.format("s%d image %d channel %d: max |ours - reference| = %.4f levels", s,
                                k, c, worst));
                    }
                }
            }
        }
        return failures;
    }
}
