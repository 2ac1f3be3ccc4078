package org.medrobust.datasets.manifest;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.medrobust.datasets.ArrayDataset;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.SitedDataset;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.util.Sha256;

/**
 * Loads an image folder described by a CSV manifest ({@link Manifest}:
 * path,label[,site][,patient][,split][,frame][,source_image])
 * into a {@link DataSource}. Image paths resolve inside the manifest's folder only ({@link ContainedPath}); images
 * are PNG, JPEG, TIFF, BMP or DICOM, 8- or 16-bit, gray or RGB ({@link RasterImages}); all must share one size and
 * channel count (medrobust does not resize: a model takes one input shape, and a silent resize would change what
 * it sees). A patient in two splits is a warning on the data source, not an error.
 *
 * <p>The SHA-256 covers the manifest's bytes, the declared class names, and every distinct image file's content,
 * listed by its path relative to the folder in sorted order, so the digest changes when any of them does and not
 * when the folder moves.
 */
public final class ManifestLoader {

    private static final int MAX_LISTED = 5;

    private ManifestLoader() {
    }

    public static DataSource load(Path manifest) {
        return load(manifest, null);
    }

    /** @param classNames declared class names, indexed by label; null to take them from the labels */
    public static DataSource load(Path manifest, List<String> classNames) {
        String file = manifest.toString();
        byte[] bytes = manifestBytes(manifest);
        List<ManifestRow> rows = Manifest.rows(text(bytes, file), file);
        Path root = root(manifest);
        ManifestLabels labels = ManifestLabels.of(rows, classNames, file);
        SourceImageColumn.check(rows, file);

        Map<Split, List<Integer>> bySplit = new EnumMap<>(Split.class);
        List<Image> images = new ArrayList<>(rows.size());
        Map<String, String> fileDigests = new TreeMap<>();
        ManifestRow first = null;
        for (int i = 0; i < rows.size(); i++) {
            ManifestRow row = rows.get(i);
            String where = row.where(file);
            Path path = ContainedPath.resolve(root, row.path(), where);
            Image image = RasterImages.read(path, row.frame(), where);
            if (first == null) {
                first = row;
            } else if (!image.shape().equals(images.getFirst().shape())) {
                throw new InvalidInputException(where + ": a " + describe(image.shape()) + " image, but " + first.path()
                        + " (line " + first.line() + ") is " + describe(images.getFirst().shape())
                        + "; all images must share one size and channel count (medrobust does not resize)");
            }
            images.add(image);
            fileDigests.computeIfAbsent(root.relativize(path).toString().replace('\\', '/'), k -> Sha256.of(path));
            bySplit.computeIfAbsent(row.split(), k -> new ArrayList<>()).add(i);
        }

        String name = name(manifest);
        Map<Split, Dataset> splits = new EnumMap<>(Split.class);
        bySplit.forEach((split, indices) -> splits.put(split, dataset(name + "/" + split.key(), indices, rows, images,
                labels, file)));
        return new DataSource(name, digest(bytes, classNames, fileDigests), splits, patientWarnings(rows, file));
    }

    private static byte[] manifestBytes(Path manifest) {
        try {
            return Files.readAllBytes(manifest);
        } catch (IOException e) {
            throw new InvalidInputException(manifest + ": cannot read the manifest (" + e.getMessage() + ")", e);
        }
    }

    private static String text(byte[] bytes, String file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": the manifest is not UTF-8 text; save it as UTF-8 CSV", e);
        }
    }

    private static Path root(Path manifest) {
        try {
            return manifest.toAbsolutePath().getParent().toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(manifest + ": cannot resolve the manifest's folder (" + e.getMessage() + ")", e);
        }
    }

    private static String describe(ImageShape shape) {
        return shape.width() + " x " + shape.height() + (shape.channels() == 1 ? " gray" : " RGB");
    }

    private static Dataset dataset(String name, List<Integer> indices, List<ManifestRow> rows, List<Image> images,
                                   ManifestLabels labels, String file) {
        ImageShape shape = images.getFirst().shape();
        int stride = shape.pixels();
        float[] data = new float[indices.size() * stride];
        int[] labelArray = new int[indices.size()];
        String[] sites = new String[indices.size()];
        String[] sourceImages = new String[indices.size()];
        boolean anySourceImage = false;
        for (int k = 0; k < indices.size(); k++) {
            int i = indices.get(k);
            System.arraycopy(images.get(i).pixels(), 0, data, k * stride, stride);
            labelArray[k] = labels.label(rows.get(i), file);
            sites[k] = rows.get(i).site();
            sourceImages[k] = rows.get(i).sourceImage();
            anySourceImage |= sourceImages[k] != null;
        }
        return new SitedDataset(new ArrayDataset(name, shape, data, labelArray, labels.classNames()), sites,
                anySourceImage ? sourceImages : null);
    }

    /** The manifest's name, or its folder's when it is called manifest.csv. */
    private static String name(Path manifest) {
        String base = String.valueOf(manifest.getFileName()).replaceFirst("(?i)\\.csv$", "");
        Path folder = manifest.toAbsolutePath().getParent();
        return base.equalsIgnoreCase("manifest") && folder.getFileName() != null ? folder.getFileName().toString() : base;
    }

    private static String digest(byte[] manifest, List<String> classNames, Map<String, String> files) {
        StringBuilder text = new StringBuilder("medrobust.manifest/1\nmanifest\t").append(Sha256.of(manifest)).append('\n');
        if (classNames != null) {
            text.append("classes\t").append(String.join("\t", classNames)).append('\n');
        }
        files.forEach((path, sha) -> text.append(path).append('\t').append(sha).append('\n'));
        return Sha256.of(text.toString());
    }

    /** One warning naming the patients found in more than one split (at most five listed). */
    private static List<String> patientWarnings(List<ManifestRow> rows, String file) {
        Map<String, EnumSet<Split>> splits = new LinkedHashMap<>();
        for (ManifestRow row : rows) {
            if (row.patient() != null) {
                splits.computeIfAbsent(row.patient(), k -> EnumSet.noneOf(Split.class)).add(row.split());
            }
        }
        List<String> shared = splits.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " (" + e.getValue().stream().map(Split::key).collect(Collectors.joining(", ")) + ")")
                .toList();
        if (shared.isEmpty()) {
            return List.of();
        }
        return List.of(file + ": " + shared.size() + " patient(s) appear in more than one split: "
                + String.join("; ", shared.subList(0, Math.min(MAX_LISTED, shared.size())))
                + (shared.size() > MAX_LISTED ? "; ..." : "")
                + "; their images are not independent, so scores on the evaluated split may be optimistic");
    }
}
