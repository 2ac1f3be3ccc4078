package org.medrobust.suite.config;

import java.util.List;
import org.medrobust.datasets.InvalidInputException;

/**
 * One model to evaluate.
 *
 * @param source     "builtin:&lt;id&gt;" (see {@code medrobust list}), or a path to an .onnx file
 * @param id         name in the results; defaults to the built-in id or the file's base name
 * @param inputShape "C,H,W" where the model file leaves it open; otherwise read from the model
 * @param classes    class names; default from the data set
 */
public record ModelSpec(String source, String id, String inputShape, List<String> classes) {

    public ModelSpec {
        if (source == null || source.isBlank()) {
            throw new InvalidInputException("a model entry needs a 'source' (builtin:<id> or a path to an .onnx file)");
        }
        classes = classes == null ? null : List.copyOf(classes);
    }

    public static ModelSpec of(String source) {
        return new ModelSpec(source, null, null, null);
    }
}
