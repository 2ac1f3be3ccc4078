package org.medrobust.models.training;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.djl.DjlRuntime;

/** Trains a model on a data source's train split (validating on val) and writes its weights and model card. */
public final class ModelTraining {

    private ModelTraining() {
    }

    /** The weights file's name for a model id. */
    public static String paramsFile(String id) {
        return id + ".params";
    }

    /** The card file's name for a model id. */
    public static String cardFile(String id) {
        return id + ".card.json";
    }

    /** A trained model: the card and the weights it describes. */
    public record Result(ModelCard card, byte[] params) {
    }

    /** Trains and measures, writing nothing. */
    public static Result train(String id, Architecture architecture, DataSource data, TrainingPlan plan,
                               TrainingProgress progress) {
        TrainingRun run = TrainingLoop.run(architecture, data.split(Split.TRAIN), data.split(Split.VAL), plan,
                progress);
        return new Result(describe(id, architecture, data, plan, run), run.params());
    }

    /** Trains, then writes {@code <id>.params} and {@code <id>.card.json} into {@code output} (created if needed). */
    public static ModelCard trainAndWrite(String id, Architecture architecture, DataSource data, TrainingPlan plan,
                                          Path output, TrainingProgress progress) throws IOException {
        Result result = train(id, architecture, data, plan, progress);
        Files.createDirectories(output);
        Files.write(output.resolve(paramsFile(id)), result.params());
        Files.writeString(output.resolve(cardFile(id)), result.card().toJson(), StandardCharsets.UTF_8);
        return result.card();
    }

    /** The card of a run, with metrics measured by loading the saved weights back, as the zoo will. */
    static ModelCard describe(String id, Architecture architecture, DataSource data, TrainingPlan plan,
                              TrainingRun run) {
        Dataset train = data.split(Split.TRAIN);
        ImageShape shape = train.shape();
        Map<String, SplitMetrics> metrics = new LinkedHashMap<>();
        try (DjlClassifier saved = TrainedNetworks.load(architecture, run.params(), id, shape, train.classNames(),
                "trained " + id)) {
            for (Split split : Split.values()) {
                if (data.available().contains(split)) {
                    metrics.put(split.key(), Evaluation.evaluate(saved, data.split(split)));
                }
            }
        }
        Engine engine = DjlRuntime.ensureOfflineEngine();
        String schedule = "cosine from " + plan.learningRate() + " to lr/" + plan.finalLearningRateDivisor()
                + " over " + plan.maxEpochs() + " epochs"
                + (plan.warmupEpochs() > 0 ? " after " + plan.warmupEpochs() + " warm-up epochs" : "");
        EarlyStopping stopping = plan.earlyStopping();
        ModelCard.TrainingInfo training = new ModelCard.TrainingInfo(plan.seed(), plan.maxEpochs(), run.epochsRun(),
                run.bestEpoch(), plan.batchSize(), plan.optimizer().name().toLowerCase(java.util.Locale.ROOT),
                plan.learningRate(), plan.weightDecay(), schedule, plan.warmupEpochs(), run.classWeights(),
                plan.augmentation().key(), stopping.enabled() ? stopping.metric().key() : "off", stopping.patience(),
                "libtorch " + System.getProperty("ai.djl.pytorch.num_threads", "default") + " thread(s)",
                Math.round(run.seconds() * 10) / 10.0,
                plan.warmStart() == null ? null : plan.warmStart().describe());
        return new ModelCard(ModelCard.SCHEMA, id, architecture.kind(),
                new ModelCard.ArchitectureInfo(architecture.name(), architecture.summary(),
                        ModelCard.tree(architecture.config())),
                run.parameterCount(),
                new ModelCard.FlopsInfo(run.multiplyAdds(), "multiply-adds of convolutions, linear layers and attention"
                        + " matmuls for one image; normalisation, activations and pooling excluded"),
                new int[] {shape.channels(), shape.height(), shape.width()}, train.classNames(),
                "DJL " + Engine.getDjlVersion() + " / " + engine.getEngineName() + " " + engine.getVersion(),
                new ModelCard.DataInfo(data.name(), data.sha256()), training,
                new ModelCard.WeightsInfo(paramsFile(id), Sha256.of(run.params())), metrics,
                run.history().stream().map(ModelCard.HistoryEntry::of).toList());
    }
}
