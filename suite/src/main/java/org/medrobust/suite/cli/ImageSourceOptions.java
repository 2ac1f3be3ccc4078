package org.medrobust.suite.cli;

import java.util.List;
import org.medrobust.perturbations.PerturbationCatalog;
import picocli.CommandLine.Option;

/** Where {@code gallery} and {@code bench corruptions} take images from, which corruptions, and the seed. */
final class ImageSourceOptions {

    /** ImageNet-C's 15 + 4, the default corruptions. */
    static final List<String> IMAGENET_C = List.of("gaussian_noise", "shot_noise", "impulse_noise", "speckle_noise",
            "defocus_blur", "glass_blur", "motion_blur", "zoom_blur", "gaussian_blur", "snow", "frost", "fog",
            "spatter", "brightness", "contrast", "saturate", "elastic_transform", "pixelate", "jpeg_compression");

    @Option(names = "--data", paramLabel = "SOURCE", defaultValue = "builtin:phantom",
            description = "builtin:phantom or a MedMNIST-style .npz file (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "Split to take the images from (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--corruptions", paramLabel = "IDS", split = ",",
            description = "Corruption ids (see 'medrobust list'); default: ImageNet-C's 19; 'all' for every one.")
    List<String> corruptions;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: 0).")
    long seed;

    /** The chosen ids, each checked against the catalogue (an unknown one fails in one line). */
    List<String> corruptionIds() {
        List<String> ids = corruptions == null ? IMAGENET_C
                : corruptions.equals(List.of("all")) ? PerturbationCatalog.ids() : corruptions;
        ids.forEach(PerturbationCatalog::levels);
        return ids;
    }
}
