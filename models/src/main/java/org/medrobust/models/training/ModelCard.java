package org.medrobust.models.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;

/**
 * The model card written next to trained weights (JSON, schema {@value #SCHEMA}): what the network is, what it
 * costs, what it was trained on and how, and how well the saved weights do on each split. A result can cite it, and a
 * test can check that shipped weights still score what their card says.
 *
 * @param kind         what the classifier reports as its kind ("djl-cnn", "djl-vit")
 * @param parameters   trainable parameters (batch-norm running statistics excluded)
 * @param inputShape   (C, H, W)
 * @param classNames   indexed by class
 * @param engine       e.g. "DJL 0.36.0 / PyTorch 2.7.1"
 * @param metrics      per split ("train", "val", "test") present in the data, measured on the saved weights
 * @param history      every epoch run, in order
 */
public record ModelCard(String schema, String id, String kind, ArchitectureInfo architecture, long parameters,
                        FlopsInfo flops, int[] inputShape, List<String> classNames, String engine, DataInfo data,
                        TrainingInfo training, WeightsInfo weights, Map<String, SplitMetrics> metrics,
                        List<HistoryEntry> history) {

    public static final String SCHEMA = "medrobust.model-card/1";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** @param config the architecture's configuration record as JSON, enough to rebuild its blocks */
    public record ArchitectureInfo(String name, String summary, JsonNode config) {
    }

    /** @param counted what the count includes (see {@link Flops}) */
    public record FlopsInfo(long multiplyAddsPerImage, String counted) {
    }

    /** @param sha256 of the data file (or of a generator's parameters), as {@code DataSource.sha256()} */
    public record DataInfo(String name, String sha256) {
    }

    /**
     * How the weights were trained.
     *
     * @param classWeights the loss weight of each class, or null for an unweighted loss
     * @param bestEpoch    the epoch whose weights ship
     * @param seconds      wall-clock training time, validation included, on the machine that trained it
     * @param initialWeights the weights training started from (source and SHA-256), or null for a seeded fresh start
     */
    public record TrainingInfo(int seed, int maxEpochs, int epochsRun, int bestEpoch, int batchSize, String optimizer,
                               double learningRate, double weightDecay, String schedule, int warmupEpochs,
                               float[] classWeights, String augmentation, String earlyStoppingMetric, int patience,
                               String threads, double seconds,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String initialWeights) {
    }

    /** @param file the parameter file's name, next to the card */
    public record WeightsInfo(String file, String sha256) {
    }

    /** One epoch: mean train loss and the validation split after it. */
    public record HistoryEntry(int epoch, double learningRate, double trainLoss, int valCorrect, double valAccuracy,
                               double valBalancedAccuracy, double valAuc, double valLoss) {

        static HistoryEntry of(EpochRecord record) {
            SplitMetrics val = record.val();
            return new HistoryEntry(record.epoch(), record.learningRate(), record.trainLoss(), val.correct(),
                    val.accuracy(), val.balancedAccuracy(), val.auc(), val.crossEntropy());
        }
    }

    public ImageShape imageShape() {
        return new ImageShape(inputShape[0], inputShape[1], inputShape[2]);
    }

    /** Metrics on one split ("train", "val", "test"). */
    public SplitMetrics metrics(String split) {
        SplitMetrics found = metrics.get(split);
        if (found == null) {
            throw new IllegalStateException("model card " + id + " has no metrics for split '" + split + "'");
        }
        return found;
    }

    /** The card as indented JSON with a final newline. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the model card of " + id, e);
        }
    }

    /** @param source names the card in the error message, e.g. a file name */
    public static ModelCard fromJson(String json, String source) {
        try {
            ModelCard card = JSON.readValue(json, ModelCard.class);
            if (!SCHEMA.equals(card.schema())) {
                throw new InvalidInputException(source + ": not a model card of schema " + SCHEMA + " (schema "
                        + card.schema() + ")");
            }
            return card;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source + ": malformed model card: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** A configuration record read back from a card's {@code architecture.config}. */
    public static <T> T config(JsonNode config, Class<T> type, String source) {
        try {
            return JSON.treeToValue(config, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidInputException(source + ": bad architecture config " + config + ": " + e.getMessage(), e);
        }
    }

    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}
