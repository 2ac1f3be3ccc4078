package org.medrobust.models.host;

import java.util.List;
import org.medrobust.datasets.ImageShape;

/**
 * What a model takes: image shape (C, H, W), pixel value range, class names. Each part is optional and remembers
 * where it was declared ("--input-shape", "sidecar x.onnx.medrobust.yaml"), so a mismatch with the model can say
 * which declaration is wrong. Once a model is loaded, the same type records the spec it was loaded with, each part's
 * origin then possibly the model itself, the data or a default (see {@code UserModels.open}).
 */
public record InputSpec(Declared<ImageShape> shape, Declared<ValueRange> range, Declared<List<String>> classes) {

    /** Nothing declared: everything comes from the model, the data or the defaults. */
    public static final InputSpec NONE = new InputSpec(null, null, null);

    /** One declared value and where it was declared. */
    public record Declared<T>(T value, String origin) {
    }

    /** A spec whose non-null parts were all declared in {@code origin}. */
    public static InputSpec of(String origin, ImageShape shape, ValueRange range, List<String> classes) {
        return new InputSpec(declared(shape, origin), declared(range, origin),
                declared(classes == null ? null : List.copyOf(classes), origin));
    }

    private static <T> Declared<T> declared(T value, String origin) {
        return value == null ? null : new Declared<>(value, origin);
    }

    /** This spec, with each part it leaves open taken from {@code lower} (the weaker declaration). */
    public InputSpec orElse(InputSpec lower) {
        return new InputSpec(shape != null ? shape : lower.shape, range != null ? range : lower.range,
                classes != null ? classes : lower.classes);
    }

    public ImageShape shapeOrNull() {
        return shape == null ? null : shape.value();
    }

    /** The declared range, or [0, 1]: the suite's own images need no scaling. */
    public ValueRange rangeOrUnit() {
        return range == null ? ValueRange.UNIT : range.value();
    }

    public List<String> classesOrNull() {
        return classes == null ? null : classes.value();
    }
}
