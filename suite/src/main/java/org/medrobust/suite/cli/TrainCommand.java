package org.medrobust.suite.cli;

import org.medrobust.models.djl.DjlDevices;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medrobust.datasets.ArrayDataset;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.SitedDataset;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.training.Architecture;
import org.medrobust.models.training.Augmentation;
import org.medrobust.models.training.ConsoleProgress;
import org.medrobust.models.training.EarlyStopping;
import org.medrobust.models.training.ModelCard;
import org.medrobust.models.training.ModelTraining;
import org.medrobust.models.training.SplitMetrics;
import org.medrobust.models.training.TrainingPlan;
import org.medrobust.models.training.ValMetric;
import org.medrobust.models.zoo.Architectures;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.inputs.BuiltinSources;
import org.medrobust.suite.inputs.DataFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medrobust train}: trains a reference model (AdamW, cosine schedule, early stopping on the validation split)
 * on any data a campaign reads (a MedMNIST-style .npz, a manifest .csv or a folder holding manifest.csv of PNG, JPEG,
 * TIFF, BMP or DICOM images, see docs/data.md) or the built-in phantoms, and writes {@code <id>.params} and
 * {@code <id>.card.json}. It needs train and val splits (a manifest's split column).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a reference model and write its weights (<id>.params) and model card (<id>.card.json).",
                "AdamW with a cosine learning-rate schedule, validation after every epoch, early stopping on the val "
                        + "split (the best epoch's weights are kept). Deterministic for a seed (one libtorch thread)."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "Model family: ${COMPLETION-CANDIDATES}.", completionCandidates = Models.class)
    String model;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "Training data with train and val splits (test is scored if present): a MedMNIST-style .npz,"
                    + " a manifest .csv or a folder holding manifest.csv (PNG/JPEG/TIFF/BMP/DICOM images, a split"
                    + " column), builtin:phantom or builtin:xray_sites.")
    String data;

    @Option(names = "--classes", paramLabel = "NAMES", split = ",",
            description = "Declared class names in logit order, comma-separated (manifests and .npz files; default:"
                    + " from the labels).")
    List<String> classes;

    @Option(names = "--exclude-site", paramLabel = "SITE",
            description = "Leave-one-site-out: train and validate without the samples of this site (the data must"
                    + " name sites: a manifest's site column, builtin:xray_sites); the test split keeps every site,"
                    + " so a campaign on it compares the held-out site with the training sites.")
    String excludeSite;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "medrobust-models",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--id", paramLabel = "ID",
            description = "Model id and file name stem (default: <model>_<data>, e.g. cnn_pneumonia).")
    String id;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "40",
            description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    int seed;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = "Where to train: cpu, gpu "
            + "or auto (a GPU if DJL's PyTorch engine sees one) (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--class-weighted", description = "Weight the loss by balanced class weights of the train split.")
    boolean classWeighted;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "10",
            description = "Stop after N epochs without improvement on the val split; 0 runs every epoch and keeps the"
                    + " last (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--metric", paramLabel = "M", defaultValue = "auc",
            description = "Val metric for early stopping: accuracy, balanced-accuracy, auc or loss (default:"
                    + " ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--augment", paramLabel = "A", defaultValue = "flip-shift",
            description = "Training augmentation: none, flip-shift (left-right flip, shift by up to 2 px) or dihedral"
                    + " (flips and quarter turns) (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3",
            description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--weight-decay", paramLabel = "W", defaultValue = "0.05",
            description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "Training batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "Linear warm-up epochs before the cosine decay (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--limit", paramLabel = "N",
            description = "Use only the first N images of each split (quick trials).")
    Integer limit;

    @Option(names = "--patch", paramLabel = "N",
            description = "Patch side in pixels for vit and vim (default: 4 at 28 px; 2 gives 196 tokens at 28 px).")
    Integer patch;

    @Option(names = "--init", paramLabel = "WEIGHTS",
            description = "Start from trained weights of the same architecture instead of a fresh initialisation"
                    + " (fine-tuning, transfer): builtin:<id> or a model card file <id>.card.json with its .params"
                    + " next to it. The card records them.")
    String init;

    @Override
    public Integer call() throws IOException {
        TrainingPlan plan = plan();
        DjlDevices.use(device);
        if (init != null) {
            plan = plan.withWarmStart(InitialWeights.resolve(init));
        }
        checkOut();
        DataSource source = SiteExclusion.apply(limited(load(data)), excludeSite);
        Dataset train = source.split(Split.TRAIN);
        source.split(Split.VAL);
        Architecture architecture = Architectures.forTraining(model, train, seed, patch);
        String modelId = id != null ? checkId(id) : model + "_" + shortName(source.name());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "medrobust: training %s (%s) on %s: %d train / %d val images of %s, seed %d%s -> %s%n",
                modelId, architecture.summary(), source.name(), train.size(), source.split(Split.VAL).size(),
                train.shape(), seed, init == null ? "" : ", starting from " + init, out);
        stdout.flush();
        ModelCard card = ModelTraining.trainAndWrite(modelId, architecture, source, plan, out,
                ConsoleProgress.onStderr());
        stdout.printf(Locale.ROOT, "%,d parameters, %.1f M multiply-adds per image; best epoch %d of %d run, %.0f s%n",
                card.parameters(), card.flops().multiplyAddsPerImage() / 1e6, card.training().bestEpoch(),
                card.training().epochsRun(), card.training().seconds());
        for (Map.Entry<String, SplitMetrics> entry : card.metrics().entrySet()) {
            SplitMetrics m = entry.getValue();
            stdout.printf(Locale.ROOT, "%-5s accuracy %.4f (%d/%d), balanced %.4f, AUC %.4f, ECE %.4f%n",
                    entry.getKey(), m.accuracy(), m.correct(), m.samples(), m.balancedAccuracy(), m.auc(), m.ece());
        }
        stdout.println("wrote " + out.resolve(ModelTraining.paramsFile(modelId)) + " and "
                + out.resolve(ModelTraining.cardFile(modelId)));
        stdout.flush();
        return ExitCodes.OK;
    }

    private TrainingPlan plan() {
        positive("--epochs", epochs);
        positive("--batch-size", batchSize);
        if (patience < 0) {
            throw new InvalidInputException("--patience must be 0 (off) or more, got " + patience);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidInputException("--lr must be a positive number, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new InvalidInputException("--weight-decay must be 0 or more, got " + weightDecay);
        }
        if (warmup < 0 || warmup >= epochs && warmup > 0) {
            throw new InvalidInputException("--warmup must be between 0 and --epochs - 1 (" + (epochs - 1) + "), got "
                    + warmup);
        }
        if (limit != null) {
            positive("--limit", limit);
        }
        if (patch != null) {
            positive("--patch", patch);
        }
        if (!Architectures.TRAINABLE.contains(model)) {
            throw new InvalidInputException("unknown model '" + model + "': use one of "
                    + String.join(", ", Architectures.TRAINABLE));
        }
        return TrainingPlan.defaults(seed).withEpochs(epochs).withBatchSize(batchSize).withLearningRate(learningRate)
                .withWeightDecay(weightDecay).withWarmupEpochs(warmup).withClassWeighted(classWeighted)
                .withAugmentation(Augmentation.parse(augment))
                .withEarlyStopping(new EarlyStopping(ValMetric.parse(metric), patience));
    }

    private void checkOut() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException(out + ": --out must be a directory, but it is a file");
        }
    }

    private static String checkId(String value) {
        if (!value.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new InvalidInputException("--id '" + value + "' must be letters, digits, '_', '.' or '-' (it names"
                    + " files)");
        }
        return value;
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new InvalidInputException(option + " must be at least 1, got " + value);
        }
    }

    /** pneumoniamnist_28 -> pneumonia, breastmnist_28 -> breast, phantom -> phantom. */
    static String shortName(String dataName) {
        String name = dataName.toLowerCase(Locale.ROOT).replaceFirst("(mnist)?(_\\d+)?$", "");
        return name.isEmpty() ? dataName : name.replaceAll("[^a-z0-9_.-]", "_");
    }

    private DataSource load(String data) {
        if (data.startsWith("builtin:")) {
            return BuiltinSources.load(data.substring("builtin:".length())); // the same built-in sets as run
        }
        // the same loader as run: .npz, manifest .csv, a folder with manifest.csv, a DICOM file
        return DataFiles.load(new DataSpec(data, null, null, classes, null, null)).source();
    }

    /** The first --limit images of every split, as a data source of its own identity. */
    private DataSource limited(DataSource source) {
        if (limit == null) {
            return source;
        }
        Map<Split, Dataset> splits = new EnumMap<>(Split.class);
        for (Split split : source.available()) {
            Dataset full = source.split(split);
            int n = Math.min(limit, full.size());
            ArrayDataset first = new ArrayDataset(full.name(), full.shape(), full.batch(0, n).data(),
                    full.labels(0, n), full.classNames());
            String[] sites = new String[n];
            for (int i = 0; i < n; i++) {
                sites[i] = full.site(i).orElse(null);
            }
            splits.put(split, new SitedDataset(first, sites));
        }
        return new DataSource(source.name(), Sha256.of(source.sha256() + ";first " + limit), splits);
    }

    /** Model families for --help. */
    static final class Models implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Architectures.TRAINABLE.iterator();
        }
    }
}
