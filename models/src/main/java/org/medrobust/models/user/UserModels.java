package org.medrobust.models.user;

import java.nio.file.Path;
import java.util.List;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Classifier;
import org.medrobust.models.host.InputSpec;
import org.medrobust.models.host.InputSpec.Declared;
import org.medrobust.models.host.RangeScaledClassifier;
import org.medrobust.models.host.SidecarFile;
import org.medrobust.models.host.ValueRange;
import org.medrobust.models.onnx.OnnxClassifier;
import org.medrobust.models.torchscript.TorchScriptClassifier;

/**
 * Loads a user's model file (ONNX or TorchScript) with its input spec. Precedence, strongest first: what the caller
 * declares (CLI flags, the campaign config), the sidecar {@code <file>.medrobust.yaml}, the model's own metadata
 * (ONNX input dimensions), and for TorchScript, which records no shape, the data set's image shape; then the
 * defaults: range [0, 1], and as class names the data set's (when they number the model's logits), else class_0 ...
 * class_K-1. The declared shape is checked against the model (ONNX metadata, or one dry forward for TorchScript,
 * which must give (1, K) logits with K the number of class names); a mismatch is a one-line
 * {@link InvalidInputException} naming the file. {@link #open} also says which of these gave each part.
 */
public final class UserModels {

    /** Origin of a part taken from the data set for want of a declaration (TorchScript's shape, class names). */
    public static final String DATA_ORIGIN = "the data set";

    /** Origin of a part nothing declared nor supplied: range [0, 1], or class_0 ... class_K-1. */
    public static final String DEFAULT_ORIGIN = "default";

    private UserModels() {
    }

    /**
     * @param declared          what the caller declares; {@link InputSpec#NONE} for nothing
     * @param dataShapeOrNull   the image shape of the data the model will see, used when nothing else gives one
     */
    public static Classifier load(Path file, InputSpec declared, ImageShape dataShapeOrNull) {
        return open(file, declared, dataShapeOrNull, null).classifier();
    }

    /**
     * Loads the model as {@link #load} does, with the input spec it was loaded with, every part resolved and named
     * by its origin.
     *
     * @param dataClassesOrNull the class names of the data the model will see; when none are declared and they number
     *                          the model's logits, they are recorded as the model's (scoring compares logit k with
     *                          the data's label k)
     */
    public static UserModel open(Path file, InputSpec declared, ImageShape dataShapeOrNull,
                                 List<String> dataClassesOrNull) {
        UserModelFormat format = UserModelFormat.of(file).orElseThrow(() -> new InvalidInputException(file
                + ": unsupported model format; medrobust runs model files ending in "
                + String.join(", ", UserModelFormat.allExtensions()) + " (or builtin:<id>, see 'medrobust list')"));
        InputSpec spec = declared.orElse(SidecarFile.read(file));
        Hosted loaded = switch (format) {
            case ONNX -> onnx(file, spec);
            case TORCHSCRIPT -> torchScript(file, spec, dataShapeOrNull);
        };
        Classifier model = loaded.model();
        boolean dataClassesFit = dataClassesOrNull != null && dataClassesOrNull.size() == model.classNames().size();
        InputSpec used = spec.orElse(loaded.supplied())
                .orElse(InputSpec.of(DATA_ORIGIN, null, null, dataClassesFit ? dataClassesOrNull : null))
                .orElse(InputSpec.of(DEFAULT_ORIGIN, null, ValueRange.UNIT, model.classNames()));
        return new UserModel(RangeScaledClassifier.wrap(model, used.range().value()), used);
    }

    /** A model as its engine loaded it, and what the model itself supplies of its input spec. */
    private record Hosted(Classifier model, InputSpec supplied) {
    }

    /** The model, and the shape its metadata gives (used when nothing declared one). */
    private static Hosted onnx(Path file, InputSpec spec) {
        OnnxClassifier model = OnnxClassifier.loadDeclared(file, spec.shape(), spec.classesOrNull());
        return new Hosted(model, InputSpec.of("ONNX model input '" + model.inputName() + "'", model.inputShape(),
                null, null));
    }

    /** The model, and the shape it was loaded with: declared, else the data's. */
    private static Hosted torchScript(Path file, InputSpec spec, ImageShape dataShapeOrNull) {
        Declared<ImageShape> shape = spec.orElse(InputSpec.of(DATA_ORIGIN, dataShapeOrNull, null, null)).shape();
        return new Hosted(TorchScriptClassifier.loadDeclared(file, shape, spec.classesOrNull()),
                new InputSpec(shape, null, null));
    }
}
