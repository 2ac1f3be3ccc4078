package org.medrobust.suite.cli;

import java.util.List;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.zoo.Architectures;
import picocli.CommandLine.Option;

/**
 * The options the benches of the model families share ({@code bench models}, {@code bench throughput}), as a picocli
 * {@code @Mixin}: where they run and which families. Resolutions stay per command (their defaults differ); their check
 * is {@link BenchModelsCommand#checkedResolutions}.
 */
final class BenchFamilyOptions {

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "Where it runs: cpu, gpu or auto (default: ${DEFAULT-VALUE}). On a GPU, bench models' memory "
                    + "columns are the device allocator's peak and --max-memory-gb bounds it (give the GPU's size).")
    String device;

    @Option(names = "--models", paramLabel = "LIST", split = ",", defaultValue = "cnn,vit,vim,vmamba,medmamba",
            description = "Model families (default: ${DEFAULT-VALUE}).")
    List<String> models;

    /** Each of {@code families} must be a family medrobust can build; returns them unchanged. */
    static List<String> checked(List<String> families) {
        for (String family : families) {
            if (!Architectures.TRAINABLE.contains(family)) {
                throw new InvalidInputException("--models: unknown model '" + family + "': use some of "
                        + String.join(",", Architectures.TRAINABLE));
            }
        }
        return families;
    }
}
