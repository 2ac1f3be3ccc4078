package org.medrobust.models.cnn;

import ai.djl.util.JsonUtils;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.ImageShape;

/**
 * The model card shipped next to the phantom CNN's weights: how they were made and how well they do, so a result
 * can cite them and a test can check that the shipped weights still score what the card says.
 *
 * @param inputShape    (C, H, W)
 * @param weightsSha256 SHA-256 of the parameter file, which is also the classifier's sha256
 * @param accuracy      per split ("train", "val", "test") of the phantom data set, measured on the saved weights
 */
public record PhantomCnnCard(String id, String architecture, long parameters, int[] inputShape,
                             List<String> classNames, String engine, long seed, int epochs, int batchSize,
                             double learningRate, String dataset, String datasetSha256, String weightsFile,
                             String weightsSha256, Map<String, SplitAccuracy> accuracy) {

    /** @param accuracy correct / total */
    public record SplitAccuracy(int correct, int total, double accuracy) {

        public static SplitAccuracy of(int correct, int total) {
            return new SplitAccuracy(correct, total, (double) correct / total);
        }
    }

    public ImageShape imageShape() {
        return new ImageShape(inputShape[0], inputShape[1], inputShape[2]);
    }

    public String toJson() {
        return JsonUtils.builder(true).disableHtmlEscaping().create().toJson(this) + "\n";
    }

    public static PhantomCnnCard fromJson(String json) {
        return JsonUtils.GSON.fromJson(json, PhantomCnnCard.class);
    }
}
