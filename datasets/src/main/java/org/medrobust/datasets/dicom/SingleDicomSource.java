package org.medrobust.datasets.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.ArrayDataset;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.util.Sha256;

/**
 * One DICOM file as a data source of one test sample. A DICOM file carries no class label, so the caller declares
 * the class names and this sample's label (a name or an index into them); many files go in a manifest instead.
 */
public final class SingleDicomSource {

    private SingleDicomSource() {
    }

    public static DataSource load(Path file, int frame, List<String> classNames, String label) {
        if (classNames == null || classNames.isEmpty() || label == null || label.isBlank()) {
            throw new InvalidInputException(file + ": a single DICOM file carries no class label; declare the data"
                    + " entry's classes and label (e.g. classes: [normal, pneumonia], label: pneumonia), or list the"
                    + " file in a manifest CSV (path,label)");
        }
        int index = classNames.indexOf(label.strip());
        if (index < 0 && label.strip().matches("[0-9]{1,9}") && Integer.parseInt(label.strip()) < classNames.size()) {
            index = Integer.parseInt(label.strip());
        }
        if (index < 0) {
            throw new InvalidInputException(file + ": label '" + label + "' is neither one of the classes " + classNames
                    + " nor an index into them");
        }
        Image image = DicomReader.read(file, frame).image();
        String name = String.valueOf(file.getFileName()).replaceFirst("(?i)\\.dcm$", "");
        ArrayDataset test = new ArrayDataset(name + "/test", image.shape(), image.pixels().clone(), new int[] {index},
                classNames);
        return new DataSource(name, Sha256.of(file), Map.of(Split.TEST, test));
    }
}
