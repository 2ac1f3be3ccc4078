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
import org.medrobust.perturbations.medical.Modality;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.gallery.CorruptionGallery;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.inputs.LoadedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code medrobust gallery}: a PNG grid, corruption x severity, of one image, to look at what each one does. */
@Command(name = "gallery", mixinStandardHelpOptions = true,
        description = "Draw one image under corruptions at every severity (rows: corruptions; columns: clean, then"
                + " severities) into a PNG.")
final class GalleryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ImageSourceOptions source;

    @Option(names = "--index", paramLabel = "N", defaultValue = "0",
            description = "Index of the image in the split (default: ${DEFAULT-VALUE}).")
    int index;

    @Option(names = "--modality", paramLabel = "M",
            description = "Instead of --corruptions, a modality's MedMNIST-C preset: xray, ct, ultrasound, dermoscopy,"
                    + " pathology, fundus, oct.")
    String modality;

    @Option(names = "--zoom", paramLabel = "Z", defaultValue = "4",
            description = "Screen pixels per image pixel (default: ${DEFAULT-VALUE}).")
    int zoom;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "medrobust-results/gallery.png",
            description = "PNG file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        List<String> ids = ids();
        if (zoom < 1 || zoom > 32) {
            throw new InvalidInputException("--zoom must be 1..32, got " + zoom);
        }
        LoadedData loaded = new DefaultInputLoader().loadData(new DataSpec(source.data, source.split, null));
        if (index < 0 || index >= loaded.dataset().size()) {
            throw new InvalidInputException(source.data + ": --index " + index + " is outside the " + source.split
                    + " split (0.."
                    + (loaded.dataset().size() - 1) + ")");
        }
        Image image = loaded.dataset().image(index);
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            ImageIO.write(CorruptionGallery.render(image, ids, zoom, source.seed), "png", out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot write the gallery (" + e.getMessage() + ")", e);
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + ids.size() + " corruptions, image " + index + " of "
                + loaded.key() + ")");
        return ExitCodes.OK;
    }

    private List<String> ids() {
        if (modality != null) {
            if (source.corruptions != null) {
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
        return source.corruptionIds();
    }
}
