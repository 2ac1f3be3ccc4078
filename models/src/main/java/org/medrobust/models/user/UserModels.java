package org.medrobust.models.user;

import java.nio.file.Path;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Classifier;
import org.medrobust.models.host.InputSpec;
import org.medrobust.models.host.RangeScaledClassifier;
import org.medrobust.models.host.SidecarFile;
import org.medrobust.models.onnx.OnnxClassifier;
import org.medrobust.models.torchscript.TorchScriptClassifier;

/**
 * Loads a user's model file (ONNX or TorchScript) with its input spec. Precedence, strongest first: what the caller
 * declares (CLI flags, the campaign config), the sidecar {@code <file>.medrobust.yaml}, the model's own metadata
 * (ONNX input dimensions), and for TorchScript, which records no shape, the data set's image shape. The declared
 * shape is checked against the model (ONNX metadata, or one dry forward for TorchScript, which must give (1, K)
 * logits with K the number of class names); a mismatch is a one-line {@link InvalidInputException} naming the file.
 */
public final class UserModels {

    /** Origin of a TorchScript image shape taken from the data for want of a declaration. */
    public static final String DATA_ORIGIN = "the data set";

    private UserModels() {
    }

    /**
     * @param declared          what the caller declares; {@link InputSpec#NONE} for nothing
     * @param dataShapeOrNull   the image shape of the data the model will see, used when nothing else gives one
     */
    public static Classifier load(Path file, InputSpec declared, ImageShape dataShapeOrNull) {
        UserModelFormat format = UserModelFormat.of(file).orElseThrow(() -> new InvalidInputException(file
                + ": unsupported model format; medrobust runs model files ending in "
                + String.join(", ", UserModelFormat.allExtensions()) + " (or builtin:<id>, see 'medrobust list')"));
        InputSpec spec = declared.orElse(SidecarFile.read(file));
        Classifier model = switch (format) {
            case ONNX -> OnnxClassifier.loadDeclared(file, spec.shape(), spec.classesOrNull());
            case TORCHSCRIPT -> TorchScriptClassifier.loadDeclared(file,
                    spec.orElse(InputSpec.of(DATA_ORIGIN, dataShapeOrNull, null, null)).shape(), spec.classesOrNull());
        };
        return RangeScaledClassifier.wrap(model, spec.rangeOrUnit());
    }
}
