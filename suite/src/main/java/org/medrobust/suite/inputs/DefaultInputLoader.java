package org.medrobust.suite.inputs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.models.Classifier;
import org.medrobust.models.host.InputSpec;
import org.medrobust.models.host.InputSpec.Declared;
import org.medrobust.models.host.InputSpecText;
import org.medrobust.models.host.ValueRange;
import org.medrobust.models.training.ModelTraining;
import org.medrobust.models.user.UserModel;
import org.medrobust.models.user.UserModelFormat;
import org.medrobust.models.user.UserModels;
import org.medrobust.models.zoo.BuiltinModels;
import org.medrobust.models.zoo.TrainedModels;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.ModelInput;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;

/**
 * Loads built-in models and data ("builtin:..."), ONNX and TorchScript model files (with their input specs, see
 * {@link UserModels}) and data files ({@link DataFiles}: .npz, manifest .csv, a folder with manifest.csv, DICOM). Each model's identity records the input spec it was loaded with
 * and where each part came from.
 */
public final class DefaultInputLoader implements InputLoader {

    static final String BUILTIN = "builtin:";

    /** Origin of a built-in model's shape and class names, followed by the card's file name. */
    static final String BUILTIN_CARD = "built-in model card ";

    /** Origin of a built-in model's value range: they all take the suite's [0, 1] images as they are. */
    static final String BUILTIN_MODEL = "built-in model";

    /** The built-in data sets, by name. */
    public static final List<String> BUILTIN_DATA = BuiltinSources.names();

    @Override
    public LoadedModel loadModel(ModelSpec spec) {
        return loadModel(spec, List.of());
    }

    /** A built-in model, or a model file with its input spec (the data's image shape helps TorchScript). */
    @Override
    public LoadedModel loadModel(ModelSpec spec, List<LoadedData> data) {
        if (spec.source().startsWith(BUILTIN)) {
            String id = spec.source().substring(BUILTIN.length());
            if (spec.inputShape() != null || spec.valueRange() != null || spec.classes() != null) {
                // a built-in model's input is fixed: silently ignoring a declaration would hide a mistake
                throw new InvalidInputException(spec.source() + ": input shape, value range and classes apply to model "
                        + "files only; a built-in model's input is fixed");
            }
            Classifier classifier = BuiltinModels.load(id);
            String name = spec.id() == null ? id : spec.id();
            return new LoadedModel(classifier, new InputIdentity(name, classifier.kind(), spec.source(),
                    classifier.sha256(), classifier.classNames(), reported(builtinInput(id, classifier))));
        }
        if (CardFiles.isCard(spec.source())) {
            return trainedModel(spec);
        }
        Path file = existingFile(spec.source(), "model");
        UserModel model = UserModels.open(file, declared(file, spec), common(data, Dataset::shape),
                common(data, Dataset::classNames));
        Classifier classifier = model.classifier();
        String name = spec.id() != null ? spec.id() : UserModelFormat.of(file).orElseThrow().baseName(file);
        return new LoadedModel(classifier, new InputIdentity(name, classifier.kind(), spec.source(),
                classifier.sha256(), null, reported(model.input())));
    }

    /**
     * A model written by {@code medrobust train} (its card and weights): input fixed by the card, like a built-in
     * model's.
     */
    private static LoadedModel trainedModel(ModelSpec spec) {
        if (spec.inputShape() != null || spec.valueRange() != null || spec.classes() != null) {
            throw new InvalidInputException(spec.source() + ": input shape, value range and classes come from the model"
                    + " card; they cannot be declared for it");
        }
        Path file = Path.of(spec.source());
        CardFiles.Read read = CardFiles.read(file, "a model of the campaign");
        Classifier classifier = TrainedModels.load(read.card(), read.params(), spec.source());
        String name = spec.id() == null ? read.card().id() : spec.id();
        InputSpec input = InputSpec.of("model card " + file.getFileName(), classifier.inputShape(), null,
                classifier.classNames()).orElse(InputSpec.of(BUILTIN_MODEL, null, ValueRange.UNIT, null));
        return new LoadedModel(classifier, new InputIdentity(name, classifier.kind(), spec.source(),
                classifier.sha256(), classifier.classNames(), reported(input)));
    }

    /** A built-in model's input: shape and class names from its card (the classifier reads them there), [0, 1]. */
    private static InputSpec builtinInput(String id, Classifier classifier) {
        return InputSpec.of(BUILTIN_CARD + ModelTraining.cardFile(id), classifier.inputShape(), null,
                classifier.classNames()).orElse(InputSpec.of(BUILTIN_MODEL, null, ValueRange.UNIT, null));
    }

    /** The spec as report.json records it: each part as text with its origin. */
    private static ModelInput reported(InputSpec input) {
        return new ModelInput(part(input.shape(), ImageShape::toString), part(input.range(), ValueRange::toString),
                part(input.classes(), names -> String.join(",", names)));
    }

    private static <T> ModelInput.Part part(Declared<T> declared, Function<T, String> text) {
        return declared == null ? null : new ModelInput.Part(text.apply(declared.value()), declared.origin());
    }

    /** The entry's declarations, each named as both the flag and the config key that can set it. */
    private static InputSpec declared(Path file, ModelSpec spec) {
        InputSpec shape = InputSpecText.parse(file, "--input-shape/inputShape", spec.inputShape(), null, null);
        InputSpec range = InputSpecText.parse(file, "--value-range/valueRange", null, spec.valueRange(), null);
        InputSpec classes = InputSpecText.parse(file, "--classes/classes", null, null, spec.classes());
        return shape.orElse(range).orElse(classes);
    }

    /** What all the data shares (image shape, class names), or null when there is no data or they differ. */
    private static <T> T common(List<LoadedData> data, Function<Dataset, T> property) {
        List<T> values = data.stream().map(d -> property.apply(d.dataset())).distinct().toList();
        return values.size() == 1 ? values.getFirst() : null;
    }

    @Override
    public LoadedData loadData(DataSpec spec) {
        Split split = Split.parse(spec.split());
        DataSource source;
        String kind;
        if (spec.source().startsWith(BUILTIN)) {
            String name = spec.source().substring(BUILTIN.length());
            source = BuiltinSources.load(name);
            kind = BuiltinSources.kind(name);
        } else {
            DataFiles.Loaded loaded = DataFiles.load(spec);
            source = loaded.source();
            kind = loaded.kind();
            // warnings do not stop a run (e.g. a patient in two splits of a manifest); a person should see them
            source.warnings().forEach(warning -> System.err.println("medrobust: warning: " + warning));
        }
        Dataset dataset = source.split(split);
        int size = spec.limit() == 0 ? dataset.size() : Math.min(spec.limit(), dataset.size());
        if (size == 0) {
            throw new InvalidInputException(spec.source() + ": the " + split.key() + " split is empty");
        }
        return new LoadedData(source.name(), split, dataset, size,
                new InputIdentity(source.name() + "/" + split.key(), kind, spec.source(), source.sha256(),
                        dataset.classNames()), source);
    }

    private static Path existingFile(String source, String what) {
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(source + ": " + what + " file not found"
                    + (Files.isDirectory(file) ? " (it is a directory)" : ""));
        }
        return file;
    }
}
