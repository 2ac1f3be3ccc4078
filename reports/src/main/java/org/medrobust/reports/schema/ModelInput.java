package org.medrobust.reports.schema;

/**
 * What a model was fed in a campaign, each part with where it came from, so that a reader can tell a declared input
 * from one the suite assumed.
 *
 * @param shape      one image as C x H x W, e.g. "1x28x28"
 * @param valueRange the pixel values the model received, e.g. "[0, 255]" (the suite's images are in [0, 1] and are
 *                   scaled onto this range)
 * @param classes    the class names of the model's logits in order, comma-separated, e.g. "normal,pneumonia"
 */
public record ModelInput(Part shape, Part valueRange, Part classes) {

    /**
     * One part of the input and its origin.
     *
     * @param value  the value as text
     * @param origin where it came from: a flag or config key ("--input-shape/inputShape"), a sidecar file
     *               ("sidecar m.onnx.medrobust.yaml"), the model ("ONNX model input 'image'", "built-in model card
     *               x.card.json"), "the data set", or "default"
     */
    public record Part(String value, String origin) {
    }
}
