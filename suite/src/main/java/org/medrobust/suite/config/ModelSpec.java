package org.medrobust.suite.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.medrobust.datasets.InvalidInputException;

/**
 * One model to evaluate. For a model file, {@code inputShape}, {@code valueRange} and {@code classes} override the
 * model's sidecar ({@code <file>.medrobust.yaml}), which overrides the model's own metadata.
 *
 * @param source     "builtin:&lt;id&gt;" (see {@code medrobust list}), or a path to an .onnx or TorchScript
 *                   (.pt, .torchscript, .ts) file
 * @param id         name in the results; defaults to the built-in id or the file's base name
 * @param inputShape "C,H,W" or "CxHxW"; default from the sidecar, the ONNX model, or (TorchScript) the data
 * @param valueRange "min,max" of the pixel values the model expects, e.g. "0,255"; default [0, 1]. Left out of the
 *                   recorded config when unset, so configs written before it existed keep their SHA-256
 * @param classes    class names; default from the sidecar, else the data set
 */
public record ModelSpec(String source, String id, String inputShape,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String valueRange, List<String> classes) {

    public ModelSpec {
        if (source == null || source.isBlank()) {
            throw new InvalidInputException("a model entry needs a 'source' (builtin:<id> or a path to a model file)");
        }
        classes = classes == null ? null : List.copyOf(classes);
    }

    public static ModelSpec of(String source) {
        return new ModelSpec(source, null, null, null, null);
    }

    /** This entry with the given input declarations in place of its own, where they are non-null (CLI flags). */
    public ModelSpec withInput(String shape, String range, List<String> names) {
        return new ModelSpec(source, id, shape == null ? inputShape : shape, range == null ? valueRange : range,
                names == null ? classes : names);
    }
}
