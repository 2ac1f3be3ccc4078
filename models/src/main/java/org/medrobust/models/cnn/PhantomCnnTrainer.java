package org.medrobust.models.cnn;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.Classifier;
import org.medrobust.models.cnn.PhantomCnnCard.SplitAccuracy;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.djl.DjlRuntime;

/**
 * Trains the shipped phantom CNN on the default phantom data set and writes its parameters and model card. Run by
 * a developer, never at run time; seeded and single-threaded, so a rerun writes the same bytes.
 *
 * <pre>java -cp ... org.medrobust.models.cnn.PhantomCnnTrainer [output dir]</pre>
 * The output dir defaults to models/src/main/resources/org/medrobust/models/zoo (run from the repository root).
 */
public final class PhantomCnnTrainer {

    public static final String DEFAULT_OUTPUT = "models/src/main/resources/org/medrobust/models/zoo";
    private static final int EVAL_BATCH = 250;

    /** What determines a training run. */
    public record Plan(int seed, int epochs, int batchSize, double learningRate) {
        public static final Plan DEFAULT = new Plan(7, 30, 64, 2e-3);
    }

    private PhantomCnnTrainer() {
    }

    public static void main(String[] args) throws IOException {
        // Reproducible bytes need one thread: parallel float reductions change the last bits between runs.
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Path output = Path.of(args.length > 0 ? args[0] : DEFAULT_OUTPUT);
        DataSource data = PhantomData.generate(PhantomSpec.DEFAULT);
        PhantomCnnCard card = trainAndWrite(data, Plan.DEFAULT, output, System.out);
        System.out.println("wrote " + output.resolve(card.weightsFile()) + " and its card: test accuracy "
                + card.accuracy().get(Split.TEST.key()));
    }

    /** Trains, writes {@code phantom_cnn.params} and {@code phantom_cnn.card.json} into {@code output}. */
    public static PhantomCnnCard trainAndWrite(DataSource data, Plan plan, Path output, PrintStream log) throws IOException {
        Dataset train = data.split(Split.TRAIN);
        Trained trained = train(train, data.split(Split.VAL), plan, log);
        byte[] params = trained.params();
        PhantomCnnCard card = describe(data, plan, trained);
        Files.createDirectories(output);
        Files.write(output.resolve(PhantomCnn.PARAMS_FILE), params);
        Files.writeString(output.resolve(PhantomCnn.CARD_FILE), card.toJson(), StandardCharsets.UTF_8);
        return card;
    }

    /** @param params the parameters in DJL's format */
    public record Trained(byte[] params, long parameterCount) {
    }

    public static Trained train(Dataset train, Dataset val, Plan plan, PrintStream log) {
        Engine engine = DjlRuntime.ensureOfflineEngine();
        engine.setRandomSeed(plan.seed());
        ImageShape shape = train.shape();
        if (shape.height() != shape.width()) {
            throw new IllegalArgumentException("the flip and turn augmentation needs square images, got " + shape);
        }
        SequentialBlock net = PhantomCnn.build(train.classNames().size());
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Adam.builder().optLearningRateTracker(learningRate(plan, train.size())).build())
                .optDevices(new Device[] {Device.cpu()});
        try (Model model = Model.newInstance(PhantomCnn.ID, Device.cpu(), DjlRuntime.ENGINE)) {
            model.setBlock(net);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(plan.batchSize(), shape.channels(), shape.height(), shape.width()));
                // Evaluates the live network; closing it must not free the model's parameters.
                Classifier inTraining = new DjlClassifier(PhantomCnn.identity(PhantomCnn.ID + " in training", shape,
                        train.classNames(), "-"), net, model.getNDManager(), () -> { });
                // One stream drives data order and augmentation, so the seed fixes both.
                SplittableRandom random = new SplittableRandom(plan.seed());
                for (int epoch = 1; epoch <= plan.epochs(); epoch++) {
                    double loss = epoch(trainer, train, shuffled(train.size(), random), plan.batchSize(), random);
                    log.printf("epoch %d: mean train loss %.4f, val %s%n", epoch, loss, accuracy(inTraining, val));
                }
            }
            return new Trained(PhantomCnn.save(net), PhantomCnn.parameterCount(net));
        }
    }

    /** Cosine decay to 1% over the run: a settled end, where a fixed rate leaves the last epochs' weights noisy. */
    private static Tracker learningRate(Plan plan, int trainSize) {
        int steps = plan.epochs() * ((trainSize + plan.batchSize() - 1) / plan.batchSize());
        float base = (float) plan.learningRate();
        return Tracker.cosine().setBaseValue(base).optFinalValue(base / 100).setMaxUpdates(steps).build();
    }

    /** One pass over the train split in the given order; returns the mean batch loss. */
    private static double epoch(Trainer trainer, Dataset train, int[] order, int batchSize, SplittableRandom random) {
        double lossSum = 0;
        int batches = 0;
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray images = gather(scope, train, order, from, to, random);
                NDArray labels = scope.create(labels(train, order, from, to));
                lossSum += DjlRuntime.withGradients(collector -> {
                    NDList predictions = trainer.forward(new NDList(images));
                    NDArray loss = trainer.getLoss().evaluate(new NDList(labels), predictions);
                    collector.backward(loss);
                    return loss.getFloat();
                });
                trainer.step();
            }
            batches++;
        }
        return lossSum / batches;
    }

    /** The card for saved parameters, with accuracies measured by loading them back as the zoo will. */
    private static PhantomCnnCard describe(DataSource data, Plan plan, Trained trained) {
        Dataset test = data.split(Split.TEST);
        ImageShape shape = test.shape();
        Map<String, SplitAccuracy> accuracy = new LinkedHashMap<>();
        try (DjlClassifier saved = PhantomCnn.load(trained.params(), shape, test.classNames(), "trained " + PhantomCnn.ID)) {
            for (Split split : Split.values()) {
                accuracy.put(split.key(), accuracy(saved, data.split(split)));
            }
        }
        Engine engine = DjlRuntime.ensureOfflineEngine();
        return new PhantomCnnCard(PhantomCnn.ID, PhantomCnn.ARCHITECTURE, trained.parameterCount(),
                new int[] {shape.channels(), shape.height(), shape.width()}, test.classNames(),
                "DJL " + Engine.getDjlVersion() + " / " + engine.getEngineName() + " " + engine.getVersion(),
                plan.seed(), plan.epochs(), plan.batchSize(), plan.learningRate(), data.name(), data.sha256(),
                PhantomCnn.PARAMS_FILE, Sha256.of(trained.params()), accuracy);
    }

    /** Correct predictions on a whole split. */
    static SplitAccuracy accuracy(Classifier model, Dataset data) {
        int correct = 0;
        for (int from = 0; from < data.size(); from += EVAL_BATCH) {
            int to = Math.min(data.size(), from + EVAL_BATCH);
            var logits = model.predict(data.batch(from, to));
            for (int i = from; i < to; i++) {
                correct += logits.argmax(i - from) == data.label(i) ? 1 : 0;
            }
        }
        return SplitAccuracy.of(correct, data.size());
    }

    private static int[] shuffled(int size, SplittableRandom random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Images order[from..to) as one (N, C, H, W) array, each under a random flip or quarter turn. */
    private static NDArray gather(NDManager scope, Dataset data, int[] order, int from, int to, SplittableRandom random) {
        ImageShape shape = data.shape();
        int pixels = shape.pixels();
        float[] values = new float[(to - from) * pixels];
        for (int i = from; i < to; i++) {
            Dihedral.apply(random.nextInt(Dihedral.COUNT), data.image(order[i]).pixels(), 0, values, (i - from) * pixels,
                    shape.channels(), shape.width());
        }
        return scope.create(values, new Shape(to - from, shape.channels(), shape.height(), shape.width()));
    }

    private static int[] labels(Dataset data, int[] order, int from, int to) {
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            labels[i - from] = data.label(order[i]);
        }
        return labels;
    }
}
