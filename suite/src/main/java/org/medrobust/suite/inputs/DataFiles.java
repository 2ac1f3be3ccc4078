package org.medrobust.suite.inputs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.dicom.DicomReader;
import org.medrobust.datasets.dicom.SingleDicomSource;
import org.medrobust.datasets.manifest.ManifestLoader;
import org.medrobust.datasets.medmnist.MedMnistLoader;
import org.medrobust.suite.config.DataSpec;

/**
 * Loads a data entry's file source by what it is: a MedMNIST-style {@code .npz}; a manifest {@code .csv} (an image
 * folder of PNG, JPEG, TIFF, BMP or DICOM files); a folder, through the {@code manifest.csv} inside it; or a single
 * DICOM file (by its "DICM" prefix, whatever its name), which needs the entry's classes and label.
 */
public final class DataFiles {

    /** The manifest a data folder must hold. */
    static final String FOLDER_MANIFEST = "manifest.csv";

    /** A loaded source and its kind as report.json records it ("npz", "manifest", "dicom"). */
    public record Loaded(DataSource source, String kind) {
    }

    private DataFiles() {
    }

    /** The entry's source (not builtin:...), or an {@link InvalidInputException} naming it; used by run and train. */
    public static Loaded load(DataSpec spec) {
        Path path = Path.of(spec.source());
        if (Files.isDirectory(path)) {
            Path manifest = path.resolve(FOLDER_MANIFEST);
            if (!Files.isRegularFile(manifest)) {
                throw new InvalidInputException(spec.source() + ": a data folder needs a " + FOLDER_MANIFEST
                        + " giving each image's label (path,label[,site][,patient][,split][,frame]); none found");
            }
            return new Loaded(ManifestLoader.load(manifest, spec.classes()), "manifest");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(spec.source() + ": data file not found");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            return new Loaded(MedMnistLoader.load(path, spec.classes()), "npz");
        }
        if (name.endsWith(".csv")) {
            return new Loaded(ManifestLoader.load(path, spec.classes()), "manifest");
        }
        if (name.endsWith(".dcm") || isDicom(path)) {
            return new Loaded(SingleDicomSource.load(path, spec.frame() == null ? 0 : spec.frame(), spec.classes(),
                    spec.label()), "dicom");
        }
        throw new InvalidInputException(spec.source() + ": unsupported data format; medrobust reads MedMNIST-style .npz"
                + " files, manifest .csv files (image folders), folders with a manifest.csv, single DICOM files, or"
                + " builtin:phantom");
    }

    private static boolean isDicom(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return DicomReader.looksLikeDicom(in.readNBytes(132));
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read the data file (" + e.getMessage() + ")", e);
        }
    }
}
