package org.medrobust.suite.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.PerturbationCatalog;
import org.medrobust.perturbations.medical.Modality;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.gallery.CorruptionGallery;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.inputs.LoadedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code medrobust gallery}: a PNG grid, corruption x severity, of one image, to look at what each one does. */
@Command(name = "gallery", mixinStandardHelpOptions = true,
        description = "Draw one image under corruptions at every severity (rows: corruptions; columns: clean, then"
                + " severities) into a PNG.")
final class GalleryCommand implements Callable<Integer> {

    /** ImageNet-C's 15 + 4, the default rows. */
    static final List<String> IMAGENET_C = List.of("gaussian_noise", "shot_noise", "impulse_noise", "speckle_noise",
            "defocus_blur", "glass_blur", "motion_blur", "zoom_blur", "gaussian_blur", "snow", "frost", "fog",
            "spatter", "brightness", "contrast", "saturate", "elastic_transform", "pixelate", "jpeg_compression");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "SOURCE", defaultValue = "builtin:phantom",
            description = "builtin:phantom or a MedMNIST-style .npz file (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "Split to take the image from (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--index", paramLabel = "N", defaultValue = "0",
            description = "Index of the image in the split (default: ${DEFAULT-VALUE}).")
    int index;

    @Option(names = "--corruptions", paramLabel = "IDS", split = ",",
            description = "Corruption ids (see 'medrobust list'); default: ImageNet-C's 19.")
    List<String> corruptions;

    @Option(names = "--modality", paramLabel = "M",
            description = "Instead of --corruptions, a modality's MedMNIST-C preset: xray, ct, ultrasound, dermoscopy,"
                    + " pathology, fundus, oct.")
    String modality;

    @Option(names = "--zoom", paramLabel = "Z", defaultValue = "4",
            description = "Screen pixels per image pixel (default: ${DEFAULT-VALUE}).")
    int zoom;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: 0).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "medrobust-results/gallery.png",
            description = "PNG file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        List<String> ids = ids();
        if (zoom < 1 || zoom > 32) {
            throw new InvalidInputException("--zoom must be 1..32, got " + zoom);
        }
        LoadedData loaded = new DefaultInputLoader().loadData(new DataSpec(data, split, null));
        if (index < 0 || index >= loaded.dataset().size()) {
            throw new InvalidInputException(data + ": --index " + index + " is outside the " + split + " split (0.."
                    + (loaded.dataset().size() - 1) + ")");
        }
        Image image = loaded.dataset().image(index);
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            ImageIO.write(CorruptionGallery.render(image, ids, zoom, seed), "png", out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot write the gallery (" + e.getMessage() + ")", e);
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + ids.size() + " corruptions, image " + index + " of "
                + loaded.key() + ")");
        return ExitCodes.OK;
    }

    private List<String> ids() {
        if (modality != null) {
            if (corruptions != null) {
                throw new InvalidInputException("give --corruptions or --modality, not both");
            }
            Modality m;
            try {
                m = Modality.valueOf(modality.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("unknown modality '" + modality + "': known are "
                        + List.of(Modality.values()).stream().map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
            }
            if (m.preset().isEmpty()) {
                throw new InvalidInputException("modality '" + modality + "' has no MedMNIST-C preset: "
                        + m.description());
            }
            return m.preset();
        }
        List<String> ids = corruptions == null ? IMAGENET_C : corruptions;
        ids.forEach(PerturbationCatalog::levels); // unknown ids fail here, in one line
        return ids;
    }
}
