package org.medrobust.perturbations.medical;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.Perturbation;

/**
 * MedMNIST-C's per-data-set corruption parameters, transcribed from {@code medmnistc/corruptions/registry.py}
 * {@code CORRUPTIONS_DS} (francescodisalvo05/medmnistc-api, commit 8acfd27), five severities each (where the
 * registry lists six, as pneumoniamnist/chestmnist gaussian_blur and retinamnist defocus_blur, the sixth is never
 * used by the official code and is left out). Catalogue ids are {@code medmnistc_<dataset>_<corruption>}.
 * {@code stain_deposit} uses MedMNIST-C's own ink masks ({@link StainDeposit}), {@code characters} Hershey's duplex
 * glyphs ({@link Characters}).
 */
public final class MedmnistC {

    /** Catalogue id prefix. */
    public static final String PREFIX = "medmnistc_";

    record Entry(String corruption, MedmnistOperator operator, List<double[]> rows) {
    }

    private static final Map<String, Map<String, Entry>> SETS = new LinkedHashMap<>();

    static {
        define("pathmnist",
                entry("pixelate", MedmnistOperator.PIXELATE, row(0.8), row(0.6), row(0.4), row(0.3), row(0.25)),
                entry("jpeg_compression", MedmnistOperator.JPEG_COMPRESSION, row(50.0), row(30.0), row(15.0), row(10.0), row(7.0)),
                entry("defocus_blur", MedmnistOperator.DEFOCUS_BLUR, row(3.0, 0.1), row(4.0, 0.1), row(5.0, 0.2), row(6.0, 0.2), row(7.0, 0.3)),
                entry("motion_blur", MedmnistOperator.MOTION_BLUR, row(5.0, 5.0), row(10.0, 5.0), row(15.0, 5.0), row(15.0, 8.0), row(15.0, 12.0)),
                entry("brightness_up", MedmnistOperator.BRIGHTNESS, row(1.1), row(1.15), row(1.2), row(1.22), row(1.25)),
                entry("brightness_down", MedmnistOperator.BRIGHTNESS, row(0.85), row(0.8), row(0.75), row(0.72), row(0.7)),
                entry("contrast_up", MedmnistOperator.CONTRAST, row(1.1), row(1.2), row(1.3), row(1.4), row(1.6)),
                entry("contrast_down", MedmnistOperator.CONTRAST, row(0.8), row(0.7), row(0.6), row(0.55), row(0.5)),
                entry("saturate", MedmnistOperator.SATURATE, row(0.05), row(0.1), row(0.15), row(0.2), row(0.25)),
                entry("stain_deposit", MedmnistOperator.STAIN_DEPOSIT, row(1.0), row(2.0), row(3.0), row(4.0), row(5.0)),
                entry("bubble", MedmnistOperator.BUBBLE, row(7.0, 15.0), row(10.0, 15.0), row(12.0, 15.0), row(15.0, 20.0), row(17.0, 25.0)));
        define("bloodmnist",
                entry("pixelate", MedmnistOperator.PIXELATE, row(0.6), row(0.5), row(0.4), row(0.3), row(0.25)),
                entry("jpeg_compression", MedmnistOperator.JPEG_COMPRESSION, row(50.0), row(30.0), row(15.0), row(10.0), row(7.0)),
                entry("defocus_blur", MedmnistOperator.DEFOCUS_BLUR, row(2.0, 0.01), row(3.0, 0.1), row(4.0, 0.1), row(5.0, 0.1), row(6.0, 0.1)),
                entry("motion_blur", MedmnistOperator.MOTION_BLUR, row(3.0, 3.0), row(5.0, 5.0), row(10.0, 5.0), row(10.0, 7.0), row(10.0, 9.0)),
                entry("brightness_up", MedmnistOperator.BRIGHTNESS, row(1.1), row(1.2), row(1.3), row(1.35), row(1.4)),
                entry("brightness_down", MedmnistOperator.BRIGHTNESS, row(0.9), row(0.8), row(0.7), row(0.6), row(0.5)),
                entry("contrast_up", MedmnistOperator.CONTRAST, row(1.1), row(1.15), row(1.2), row(1.25), row(1.3)),
                entry("contrast_down", MedmnistOperator.CONTRAST, row(0.9), row(0.8), row(0.7), row(0.6), row(0.5)),
                entry("saturate", MedmnistOperator.SATURATE, row(0.05), row(0.1), row(0.15), row(0.17), row(0.2)),
                entry("stain_deposit", MedmnistOperator.STAIN_DEPOSIT, row(1.0), row(2.0), row(3.0), row(3.0), row(3.0)),
                entry("bubble", MedmnistOperator.BUBBLE, row(5.0, 10.0), row(7.0, 10.0), row(10.0, 10.0), row(12.0, 12.0), row(15.0, 12.0)));
        define("dermamnist",
                entry("pixelate", MedmnistOperator.PIXELATE, row(0.7), row(0.5), row(0.4), row(0.3), row(0.25)),
                entry("jpeg_compression", MedmnistOperator.JPEG_COMPRESSION, row(30.0), row(20.0), row(15.0), row(10.0), row(7.0)),
                entry("gaussian_noise", MedmnistOperator.GAUSSIAN_NOISE, row(0.04), row(0.08), row(0.12), row(0.18), row(0.26)),
                entry("speckle_noise", MedmnistOperator.SPECKLE_NOISE, row(0.05), row(0.15), row(0.2), row(0.35), row(0.45)),
                entry("impulse_noise", MedmnistOperator.IMPULSE_NOISE, row(0.01), row(0.03), row(0.06), row(0.09), row(0.17)),
                entry("shot_noise", MedmnistOperator.SHOT_NOISE, row(60.0), row(25.0), row(18.0), row(10.0), row(5.0)),
                entry("defocus_blur", MedmnistOperator.DEFOCUS_BLUR, row(4.0, 0.1), row(5.0, 0.2), row(6.0, 0.3), row(7.0, 0.4), row(8.0, 0.5)),
                entry("motion_blur", MedmnistOperator.MOTION_BLUR, row(10.0, 5.0), row(15.0, 5.0), row(15.0, 8.0), row(15.0, 12.0), row(20.0, 15.0)),
                entry("zoom_blur", MedmnistOperator.ZOOM_BLUR, row(1.0, 1.11, 0.01), row(1.0, 1.16, 0.01), row(1.0, 1.21, 0.02), row(1.0, 1.26, 0.02), row(1.0, 1.31, 0.03)),
                entry("brightness_up", MedmnistOperator.BRIGHTNESS, row(1.1), row(1.2), row(1.3), row(1.4), row(1.5)),
                entry("brightness_down", MedmnistOperator.BRIGHTNESS, row(0.9), row(0.8), row(0.7), row(0.6), row(0.5)),
                entry("contrast_up", MedmnistOperator.CONTRAST, row(1.1), row(1.2), row(1.3), row(1.4), row(1.6)),
                entry("contrast_down", MedmnistOperator.CONTRAST, row(0.8), row(0.7), row(0.6), row(0.5), row(0.4)),
                entry("black_corner", MedmnistOperator.BLACK_CORNER, row(1.1), row(1.05), row(1.0), row(0.9), row(0.95)),
                entry("characters", MedmnistOperator.CHARACTERS, row(1.0, 6.0, 0.14), row(2.0, 7.0, 0.15), row(3.0, 8.0, 0.16), row(4.0, 9.0, 0.17), row(6.0, 10.0, 0.18)));
        define("retinamnist",
                entry("pixelate", MedmnistOperator.PIXELATE, row(0.8), row(0.6), row(0.5), row(0.4), row(0.35)),
                entry("jpeg_compression", MedmnistOperator.JPEG_COMPRESSION, row(30.0), row(25.0), row(20.0), row(10.0), row(5.0)),
                entry("gaussian_noise", MedmnistOperator.GAUSSIAN_NOISE, row(0.04), row(0.08), row(0.12), row(0.16), row(0.2)),
                entry("speckle_noise", MedmnistOperator.SPECKLE_NOISE, row(0.1), row(0.15), row(0.2), row(0.25), row(0.3)),
                entry("defocus_blur", MedmnistOperator.DEFOCUS_BLUR, row(4.0, 0.1), row(5.0, 0.2), row(6.0, 0.3), row(7.0, 0.4), row(8.0, 0.5)),
                entry("motion_blur", MedmnistOperator.MOTION_BLUR, row(8.0, 5.0), row(15.0, 5.0), row(15.0, 8.0), row(15.0, 12.0), row(20.0, 15.0)),
                entry("brightness_down", MedmnistOperator.BRIGHTNESS, row(0.9), row(0.8), row(0.7), row(0.6), row(0.5)),
                entry("contrast_down", MedmnistOperator.CONTRAST, row(0.9), row(0.8), row(0.7), row(0.6), row(0.4)));
        define("tissuemnist",
                entry("pixelate", MedmnistOperator.PIXELATE, row(0.4), row(0.3), row(0.2), row(0.15), row(0.1)),
                entry("jpeg_compression", MedmnistOperator.JPEG_COMPRESSION, row(25.0), row(20.0), row(15.0), row(10.0), row(7.0)),
                entry("impulse_noise", MedmnistOperator.IMPULSE_NOISE, row(0.01), row(0.015), row(0.02), row(0.025), row(0.03)),
                entry("gaussian_blur", MedmnistOperator.GAUSSIAN_BLUR, row(13.0), row(15.0), row(17.0), row(21.0), row(25.0)),
                entry("brightness_up", MedmnistOperator.BRIGHTNESS, row(1.3), row(1.4), row(1.5), row(1.6), row(1.7)),
                entry("brightness_down", MedmnistOperator.BRIGHTNESS, row(0.8), row(0.7), row(0.6), row(0.5), row(0.4)),
                entry("contrast_up", MedmnistOperator.CONTRAST, row(1.1), row(1.2), row(1.3), row(1.4), row(1.6)),
                entry("contrast_down", MedmnistOperator.CONTRAST, row(0.9), row(0.8), row(0.7), row(0.6), row(0.4)));
        define("octmnist",
                entry("pixelate", MedmnistOperator.PIXELATE, row(0.3), row(0.25), row(0.2), row(0.15), row(0.1)),
                entry("jpeg_compression", MedmnistOperator.JPEG_COMPRESSION, row(30.0), row(15.0), row(10.0), row(7.0), row(5.0)),
                entry("speckle_noise", MedmnistOperator.SPECKLE_NOISE, row(0.15), row(0.3), row(0.4), row(0.5), row(0.6)),
                entry("defocus_blur", MedmnistOperator.DEFOCUS_BLUR, row(0.5, 0.6), row(1.0, 0.5), row(1.5, 0.1), row(2.0, 0.5), row(2.5, 0.1)),
                entry("motion_blur", MedmnistOperator.MOTION_BLUR, row(10.0, 3.0), row(15.0, 5.0), row(15.0, 8.0), row(15.0, 12.0), row(20.0, 15.0)),
                entry("contrast_down", MedmnistOperator.CONTRAST, row(0.6), row(0.4), row(0.3), row(0.2), row(0.15)));
        define("breastmnist",
                entry("pixelate", MedmnistOperator.PIXELATE, row(0.3), row(0.25), row(0.2), row(0.15), row(0.1)),
                entry("jpeg_compression", MedmnistOperator.JPEG_COMPRESSION, row(50.0), row(30.0), row(15.0), row(10.0), row(7.0)),
                entry("speckle_noise", MedmnistOperator.SPECKLE_NOISE, row(0.1), row(0.15), row(0.2), row(0.25), row(0.3)),
                entry("motion_blur", MedmnistOperator.MOTION_BLUR, row(5.0, 5.0), row(9.0, 7.0), row(9.0, 10.0), row(13.0, 10.0), row(17.0, 12.0)),
                entry("brightness_up", MedmnistOperator.BRIGHTNESS, row(1.4), row(1.5), row(1.6), row(1.8), row(2.0)),
                entry("brightness_down", MedmnistOperator.BRIGHTNESS, row(0.55), row(0.5), row(0.45), row(0.4), row(0.3)),
                entry("contrast_down", MedmnistOperator.CONTRAST, row(0.9), row(0.8), row(0.7), row(0.6), row(0.4)));
        define("chestmnist",
                entry("pixelate", MedmnistOperator.PIXELATE, row(0.3), row(0.25), row(0.2), row(0.15), row(0.1)),
                entry("jpeg_compression", MedmnistOperator.JPEG_COMPRESSION, row(50.0), row(30.0), row(15.0), row(10.0), row(7.0)),
                entry("gaussian_noise", MedmnistOperator.GAUSSIAN_NOISE, row(0.04), row(0.08), row(0.12), row(0.18), row(0.26)),
                entry("speckle_noise", MedmnistOperator.SPECKLE_NOISE, row(0.05), row(0.15), row(0.2), row(0.35), row(0.45)),
                entry("impulse_noise", MedmnistOperator.IMPULSE_NOISE, row(0.01), row(0.03), row(0.06), row(0.09), row(0.17)),
                entry("shot_noise", MedmnistOperator.SHOT_NOISE, row(60.0), row(25.0), row(18.0), row(10.0), row(5.0)),
                entry("gaussian_blur", MedmnistOperator.GAUSSIAN_BLUR, row(3.0), row(5.0), row(7.0), row(9.0), row(11.0)),
                entry("brightness_up", MedmnistOperator.BRIGHTNESS, row(1.1), row(1.2), row(1.3), row(1.4), row(1.5)),
                entry("brightness_down", MedmnistOperator.BRIGHTNESS, row(0.9), row(0.8), row(0.7), row(0.6), row(0.5)),
                entry("contrast_up", MedmnistOperator.CONTRAST, row(1.1), row(1.2), row(1.3), row(1.4), row(1.6)),
                entry("contrast_down", MedmnistOperator.CONTRAST, row(0.9), row(0.8), row(0.7), row(0.6), row(0.4)),
                entry("gamma_corr_up", MedmnistOperator.GAMMA_CORRECTION, row(1.1), row(1.2), row(1.3), row(1.4), row(1.6)),
                entry("gamma_corr_down", MedmnistOperator.GAMMA_CORRECTION, row(0.9), row(0.8), row(0.7), row(0.6), row(0.4)));
        define("pneumoniamnist",
                entry("pixelate", MedmnistOperator.PIXELATE, row(0.8), row(0.7), row(0.6), row(0.5), row(0.4)),
                entry("jpeg_compression", MedmnistOperator.JPEG_COMPRESSION, row(50.0), row(30.0), row(15.0), row(10.0), row(7.0)),
                entry("gaussian_noise", MedmnistOperator.GAUSSIAN_NOISE, row(0.04), row(0.05), row(0.06), row(0.07), row(0.08)),
                entry("speckle_noise", MedmnistOperator.SPECKLE_NOISE, row(0.05), row(0.07), row(0.1), row(0.15), row(0.2)),
                entry("impulse_noise", MedmnistOperator.IMPULSE_NOISE, row(0.005), row(0.01), row(0.013), row(0.017), row(0.02)),
                entry("shot_noise", MedmnistOperator.SHOT_NOISE, row(300.0), row(200.0), row(150.0), row(100.0), row(80.0)),
                entry("gaussian_blur", MedmnistOperator.GAUSSIAN_BLUR, row(3.0), row(5.0), row(7.0), row(9.0), row(11.0)),
                entry("brightness_up", MedmnistOperator.BRIGHTNESS, row(1.1), row(1.2), row(1.3), row(1.4), row(1.5)),
                entry("brightness_down", MedmnistOperator.BRIGHTNESS, row(0.9), row(0.8), row(0.7), row(0.6), row(0.5)),
                entry("contrast_up", MedmnistOperator.CONTRAST, row(1.1), row(1.2), row(1.3), row(1.4), row(1.6)),
                entry("contrast_down", MedmnistOperator.CONTRAST, row(0.9), row(0.8), row(0.7), row(0.6), row(0.4)),
                entry("gamma_corr_up", MedmnistOperator.GAMMA_CORRECTION, row(1.1), row(1.2), row(1.3), row(1.4), row(1.6)),
                entry("gamma_corr_down", MedmnistOperator.GAMMA_CORRECTION, row(0.9), row(0.8), row(0.7), row(0.6), row(0.4)));
        define("organamnist",
                entry("pixelate", MedmnistOperator.PIXELATE, row(0.7), row(0.6), row(0.5), row(0.4), row(0.35)),
                entry("jpeg_compression", MedmnistOperator.JPEG_COMPRESSION, row(50.0), row(30.0), row(15.0), row(10.0), row(7.0)),
                entry("gaussian_noise", MedmnistOperator.GAUSSIAN_NOISE, row(0.04), row(0.08), row(0.12), row(0.16), row(0.2)),
                entry("speckle_noise", MedmnistOperator.SPECKLE_NOISE, row(0.05), row(0.1), row(0.2), row(0.3), row(0.4)),
                entry("impulse_noise", MedmnistOperator.IMPULSE_NOISE, row(0.01), row(0.02), row(0.03), row(0.05), row(0.08)),
                entry("shot_noise", MedmnistOperator.SHOT_NOISE, row(200.0), row(100.0), row(50.0), row(25.0), row(15.0)),
                entry("gaussian_blur", MedmnistOperator.GAUSSIAN_BLUR, row(11.0), row(13.0), row(15.0), row(17.0), row(21.0)),
                entry("brightness_up", MedmnistOperator.BRIGHTNESS, row(1.2), row(1.3), row(1.4), row(1.5), row(1.6)),
                entry("brightness_down", MedmnistOperator.BRIGHTNESS, row(0.8), row(0.75), row(0.7), row(0.65), row(0.6)),
                entry("contrast_up", MedmnistOperator.CONTRAST, row(1.3), row(1.4), row(1.6), row(1.7), row(1.8)),
                entry("contrast_down", MedmnistOperator.CONTRAST, row(0.8), row(0.7), row(0.6), row(0.55), row(0.5)),
                entry("gamma_corr_up", MedmnistOperator.GAMMA_CORRECTION, row(1.3), row(1.4), row(1.6), row(1.8), row(2.0)),
                entry("gamma_corr_down", MedmnistOperator.GAMMA_CORRECTION, row(0.9), row(0.8), row(0.7), row(0.6), row(0.4)));
        // OrganC/SMNIST: the registry repeats OrganAMNIST's parameters verbatim
        SETS.put("organcmnist", SETS.get("organamnist"));
        SETS.put("organsmnist", SETS.get("organamnist"));
    }

    private MedmnistC() {
    }

    /** The data sets with a parameter set, in the registry's order. */
    public static List<String> datasets() {
        return List.copyOf(SETS.keySet());
    }

    /** The corruptions defined for a data set, in the registry's order. */
    public static List<String> corruptions(String dataset) {
        return List.copyOf(set(dataset).keySet());
    }

    public static String id(String dataset, String corruption) {
        return PREFIX + dataset + "_" + corruption;
    }

    public static int levels(String dataset, String corruption) {
        return entry(dataset, corruption).rows().size();
    }

    /** The published parameter row of one severity (1..5). */
    public static double[] parameters(String dataset, String corruption, int severity) {
        Entry entry = entry(dataset, corruption);
        if (severity < 1 || severity > entry.rows().size()) {
            throw new InvalidInputException(id(dataset, corruption) + ": severity " + severity
                    + " is out of range, use 1.." + entry.rows().size());
        }
        return entry.rows().get(severity - 1).clone();
    }

    public static Perturbation create(String dataset, String corruption, int severity, Resolution resolution) {
        Entry entry = entry(dataset, corruption);
        return new MedmnistCorruption(id(dataset, corruption), dataset, entry.operator(),
                parameters(dataset, corruption, severity), severity, resolution);
    }

    private static Map<String, Entry> set(String dataset) {
        Map<String, Entry> set = SETS.get(dataset);
        if (set == null) {
            throw new InvalidInputException("MedMNIST-C has no parameter set '" + dataset + "': known are " + datasets());
        }
        return set;
    }

    private static Entry entry(String dataset, String corruption) {
        Entry entry = set(dataset).get(corruption);
        if (entry == null) {
            throw new InvalidInputException("MedMNIST-C defines no '" + corruption + "' for " + dataset + ": known are "
                    + corruptions(dataset));
        }
        return entry;
    }

    private static void define(String dataset, Entry... entries) {
        Map<String, Entry> set = new LinkedHashMap<>();
        for (Entry entry : entries) {
            set.put(entry.corruption(), entry);
        }
        SETS.put(dataset, set);
    }

    private static Entry entry(String corruption, MedmnistOperator operator, double[]... rows) {
        return new Entry(corruption, operator, new ArrayList<>(List.of(rows)));
    }

    private static double[] row(double... values) {
        return values;
    }
}
