package org.medrobust.models.training;

import java.util.Objects;
import org.medrobust.datasets.util.Sha256;

/**
 * Weights a training run starts from instead of a fresh initialisation (fine-tuning, or transfer from another data
 * set). The network keeps the architecture of the run; the weights must fit it parameter by parameter.
 *
 * @param source       names the weights in cards and errors, e.g. "builtin:vim_pneumonia"
 * @param architecture the architecture name the weights were trained with, e.g. "vim"
 * @param params       the weights in DJL's parameter format
 */
public record WarmStart(String source, String architecture, byte[] params) {

    public WarmStart {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(params, "params");
    }

    /** What the model card records: the source and the SHA-256 of its weights. */
    public String describe() {
        return source + " (weights SHA-256 " + Sha256.of(params) + ")";
    }
}
