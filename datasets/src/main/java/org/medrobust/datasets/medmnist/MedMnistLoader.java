package org.medrobust.datasets.medmnist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.ArrayDataset;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.npz.NpyArray;
import org.medrobust.datasets.npz.NpzArchive;
import org.medrobust.datasets.util.Sha256;

/**
 * Loads a MedMNIST-style .npz (keys train_images, train_labels, val_images, ..., test_labels; any subset of the
 * splits, at least one) into a {@link DataSource} named after the file and identified by its SHA-256.
 * 2D images only: gray (N, H, W) or RGB (N, H, W, 3); 3D volumes and multi-label tasks are refused with a clear
 * message. Other keys in the archive are ignored.
 */
public final class MedMnistLoader {

    private MedMnistLoader() {
    }

    /** Class names come from the file name for known tasks (pneumoniamnist, breastmnist), else "class_k". */
    public static DataSource load(Path npz) {
        return load(npz, null);
    }

    /**
     * @param classNames one name per class, indexed by label; null to choose them as {@link #load(Path)} does
     */
    public static DataSource load(Path npz, List<String> classNames) {
        String file = String.valueOf(npz.getFileName());
        Map<String, NpyArray> arrays = NpzArchive.read(npz);

        Map<Split, SplitImages> images = new EnumMap<>(Split.class);
        Map<Split, int[]> labels = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            NpyArray imageArray = arrays.get(split.key() + "_images");
            NpyArray labelArray = arrays.get(split.key() + "_labels");
            if (imageArray == null && labelArray == null) {
                continue;
            }
            if (imageArray == null || labelArray == null) {
                String missing = split.key() + (imageArray == null ? "_images" : "_labels");
                throw new InvalidInputException(file + ": has " + (imageArray == null ? labelArray : imageArray).name()
                        + " but no " + missing + "; a split needs both images and labels, re-export the file");
            }
            SplitImages converted = SplitImages.of(imageArray, file);
            images.put(split, converted);
            labels.put(split, SplitLabels.of(labelArray, converted.count(), imageArray.name(), file));
        }
        if (images.isEmpty()) {
            throw new InvalidInputException(file + ": no MedMNIST splits found (keys " + new ArrayList<>(arrays.keySet())
                    + "); expected train_images/train_labels, val_images/val_labels or test_images/test_labels");
        }
        checkOneShape(images, file);

        int classCount = 0;
        String largest = "";
        for (Map.Entry<Split, int[]> entry : labels.entrySet()) {
            int[] split = entry.getValue();
            for (int i = 0; i < split.length; i++) {
                if (split[i] + 1 > classCount) {
                    classCount = split[i] + 1;
                    largest = "label " + split[i] + " at " + entry.getKey().key() + "_labels[" + i + "]";
                }
            }
        }
        List<String> names = ClassNames.choose(classNames, Math.max(classCount, 1), file, largest);
        String name = file.endsWith(".npz") ? file.substring(0, file.length() - 4) : file;
        Map<Split, Dataset> splits = new EnumMap<>(Split.class);
        images.forEach((split, converted) -> splits.put(split, new ArrayDataset(name + "/" + split.key(),
                converted.shape(), converted.data(), labels.get(split), names)));
        return new DataSource(name, Sha256.of(npz), splits);
    }

    /** Models take one input shape, so all splits of a file must agree. */
    private static void checkOneShape(Map<Split, SplitImages> images, String file) {
        ImageShape first = null;
        Split firstSplit = null;
        for (Map.Entry<Split, SplitImages> entry : images.entrySet()) {
            if (first == null) {
                first = entry.getValue().shape();
                firstSplit = entry.getKey();
            } else if (!first.equals(entry.getValue().shape())) {
                throw new InvalidInputException(file + ": " + firstSplit.key() + " images are " + first + " but "
                        + entry.getKey().key() + " images are " + entry.getValue().shape()
                        + "; all splits must share one image shape, re-export the file");
            }
        }
    }
}
