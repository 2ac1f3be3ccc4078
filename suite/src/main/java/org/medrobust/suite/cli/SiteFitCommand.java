package org.medrobust.suite.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.manifest.RasterImages;
import org.medrobust.perturbations.site.IntensityTransfer;
import org.medrobust.perturbations.site.MacenkoStain;
import org.medrobust.perturbations.site.NoiseModel;
import org.medrobust.perturbations.site.JpegQuality;
import org.medrobust.perturbations.site.SiteFit;
import org.medrobust.perturbations.site.SiteProfile;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.inputs.DefaultInputLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code medrobust site fit FOLDER}: estimates the site profile that makes a source data set (the test set) look like
 * the images in FOLDER ({@link SiteFit}: vignetting, gain and offset, Poisson-Gaussian noise, point-spread blur and
 * resampling, window/level, gamma, JPEG quality of gray images; the lab's Macenko stain and HED jitter of RGB
 * slides; each only where identifiable) and prints it as a profile YAML file
 * ({@code SiteProfiles.load} reads it), with one comment line per parameter left neutral and why.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Estimate a site profile from a folder of the target site's images (PNG, JPEG, TIFF, BMP, DICOM;"
                + " one size, the size of the source data; gray against a gray source, RGB against an RGB one) and"
                + " print it as YAML.",
                "Gray: fits vignetting, gain and offset (from the mean images), Poisson-Gaussian noise (local variance"
                        + " against level), point-spread blur and resampling (pixel differences against the source"
                        + " rendered through candidates), window/level where clipping shows it, gamma (grey-level"
                        + " quantiles) and JPEG quality (the files' quantisation tables, else the DCT lattice or 8x8"
                        + " blockiness).",
                "RGB (stained histology): fits the lab's Macenko stain vectors and maxima where they differ from the"
                        + " source's, and the HED stain jitter theta from the slides' extra spread in HED densities;"
                        + " the gray steps are not fitted for RGB.",
                "A parameter two halves of the folder do not agree on stays neutral, with a comment saying why."})
final class SiteFitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Images of the site to imitate.")
    Path folder;

    @Option(names = "--source", paramLabel = "DATA", defaultValue = "builtin:pneumoniamnist",
            description = "The data the profile will be applied to (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "Split of --source (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "fitted_site",
            description = "Name of the profile (lower snake case; default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--modality", paramLabel = "M", defaultValue = "xray",
            description = "Modality recorded in the profile (default: ${DEFAULT-VALUE}).")
    String modality;

    @Override
    public Integer call() throws IOException {
        Dataset data = new DefaultInputLoader().loadData(new DataSpec(source, split, 0)).dataset();
        List<Image> sourceImages = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            sourceImages.add(data.image(i));
        }
        List<Path> files = targetFiles(folder);
        List<Image> targetImages = targetImages(files);
        checkKind(folder, targetImages.getFirst(), source, sourceImages.getFirst());
        SiteFit.Fitted fitted = SiteFit.fit(name, modality, sourceImages, targetImages, jpegQuality(files));
        PrintWriter out = spec.commandLine().getOut();
        out.print(yaml(fitted));
        out.flush();
        return ExitCodes.OK;
    }

    /** Gray targets need a gray source and RGB ones an RGB source: one line naming the folder and what to pass. */
    static void checkKind(Path folder, Image target, String source, Image sourceImage) {
        int t = target.shape().channels();
        int s = sourceImage.shape().channels();
        if (t != s) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s: %s images, but the source %s is %s: pass"
                    + " --source with %s data (the images the profile will be applied to)", folder, kind(t), source,
                    kind(s), kind(t)));
        }
    }

    private static String kind(int channels) {
        return channels == 3 ? "RGB" : channels == 1 ? "gray" : channels + "-channel";
    }

    /**
     * The median IJG quality of the files' quantisation tables when every file is a JPEG (a folder mixing formats, or
     * of PNGs, says nothing about the site's compression), else null.
     */
    static Integer jpegQuality(List<Path> files) throws IOException {
        List<Integer> qualities = new ArrayList<>();
        for (Path file : files) {
            var estimate = JpegQuality.of(Files.readAllBytes(file));
            if (estimate.isEmpty()) {
                return null;
            }
            qualities.add(estimate.get().quality());
        }
        return qualities.stream().sorted().toList().get((qualities.size() - 1) / 2);
    }

    private static List<Image> targetImages(List<Path> files) {
        List<Image> images = new ArrayList<>(files.size());
        for (Path file : files) {
            images.add(RasterImages.read(file, 0, file.toString()));
        }
        return images;
    }

    private static List<Path> targetFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException(folder + ": not a folder of images");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")).sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(folder + ": no image files in it");
        }
        return files;
    }

    /** The profile in the catalogue's YAML form, with what was not fitted and the fit's numbers as comments. */
    static String yaml(SiteFit.Fitted fitted) {
        SiteProfile p = fitted.profile();
        IntensityTransfer t = p.intensity();
        StringBuilder yaml = new StringBuilder();
        yaml.append("# medrobust site fit; not fitted (left neutral):\n");
        fitted.notFitted().forEach(line -> yaml.append("#   ").append(line).append('\n'));
        fitted.diagnostics().forEach((key, value) -> yaml.append("# ").append(key).append(": ").append(value)
                .append('\n'));
        yaml.append("sites:\n  - name: ").append(p.name()).append("\n    modality: ").append(p.modality())
                .append("\n    description: \"").append(p.description()).append("\"\n")
                .append(String.format(Locale.ROOT, "    vignetting: %.4f%n", p.vignetting()))
                .append(String.format(Locale.ROOT, "    psfSigma: %.2f%n    resampling: %s%n", p.psfSigma(),
                        p.resampling()));
        if (p.jpegQuality() > 0) {
            yaml.append("    jpegQuality: ").append(p.jpegQuality()).append('\n');
        }
        if (p.stainJitter() > 0) {
            yaml.append(String.format(Locale.ROOT, "    stainJitter: %.3f%n", p.stainJitter()));
        }
        if (p.stain() != null) {
            MacenkoStain.Stains st = p.stain();
            yaml.append(String.format(Locale.ROOT, "    stain: {hematoxylin: [%.4f, %.4f, %.4f], eosin: [%.4f, %.4f,"
                    + " %.4f], maxHematoxylin: %.4f, maxEosin: %.4f}%n", st.hematoxylin()[0], st.hematoxylin()[1],
                    st.hematoxylin()[2], st.eosin()[0], st.eosin()[1], st.eosin()[2], st.maxHematoxylin(),
                    st.maxEosin()));
        }
        if (p.noise() instanceof NoiseModel.PoissonGaussian(double photons, double readSigma)) {
            yaml.append(String.format(Locale.ROOT, "    noise: {model: poisson_gaussian, photons: %.2f, readSigma: %.4f}%n",
                    photons, readSigma));
        }
        yaml.append(String.format(Locale.ROOT, "    intensity: {window: %s, level: %s, gamma: %s, gain: %.4f, offset:"
                + " %.4f}%n", t.window(), t.level(), String.format(Locale.ROOT, "%.2f", t.gamma()), t.gain(), t.offset()));
        return yaml.toString();
    }
}
