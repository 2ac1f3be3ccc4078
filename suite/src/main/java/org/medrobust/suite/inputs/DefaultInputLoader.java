package org.medrobust.suite.inputs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.medmnist.MedMnistLoader;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.Classifier;
import org.medrobust.models.host.InputSpec;
import org.medrobust.models.host.InputSpecText;
import org.medrobust.models.user.UserModelFormat;
import org.medrobust.models.user.UserModels;
import org.medrobust.models.zoo.BuiltinModels;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;

/**
 * Loads built-in models and data ("builtin:..."), ONNX and TorchScript model files (with their input specs, see
 * {@link UserModels}) and MedMNIST-style .npz files.
 */
public final class DefaultInputLoader implements InputLoader {

    static final String BUILTIN = "builtin:";

    /** The built-in data sets, by name. */
    public static final List<String> BUILTIN_DATA = List.of("phantom");

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
                    classifier.sha256(), classifier.classNames()));
        }
        Path file = existingFile(spec.source(), "model");
        Classifier classifier = UserModels.load(file, declared(file, spec), commonShape(data));
        String name = spec.id() != null ? spec.id() : UserModelFormat.of(file).orElseThrow().baseName(file);
        return new LoadedModel(classifier, new InputIdentity(name, classifier.kind(), spec.source(),
                classifier.sha256(), null));
    }

    /** The entry's declarations, each named as both the flag and the config key that can set it. */
    private static InputSpec declared(Path file, ModelSpec spec) {
        InputSpec shape = InputSpecText.parse(file, "--input-shape/inputShape", spec.inputShape(), null, null);
        InputSpec range = InputSpecText.parse(file, "--value-range/valueRange", null, spec.valueRange(), null);
        InputSpec classes = InputSpecText.parse(file, "--classes/classes", null, null, spec.classes());
        return shape.orElse(range).orElse(classes);
    }

    /** The image shape all the data shares, or null when there is none or they differ. */
    private static ImageShape commonShape(List<LoadedData> data) {
        List<ImageShape> shapes = data.stream().map(d -> d.dataset().shape()).distinct().toList();
        return shapes.size() == 1 ? shapes.getFirst() : null;
    }

    @Override
    public LoadedData loadData(DataSpec spec) {
        Split split = Split.parse(spec.split());
        DataSource source;
        String kind;
        if (spec.source().startsWith(BUILTIN)) {
            String name = spec.source().substring(BUILTIN.length());
            if (!name.equals("phantom")) {
                throw new InvalidInputException("unknown built-in data set '" + name + "': known are " + BUILTIN_DATA);
            }
            source = PhantomData.generate(PhantomSpec.DEFAULT);
            kind = "phantom";
        } else {
            Path file = existingFile(spec.source(), "data");
            if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
                throw new InvalidInputException(file + ": unsupported data format; medrobust reads MedMNIST-style .npz "
                        + "files here (or builtin:phantom)");
            }
            source = MedMnistLoader.load(file);
            kind = "npz";
        }
        Dataset dataset = source.split(split);
        int size = spec.limit() == 0 ? dataset.size() : Math.min(spec.limit(), dataset.size());
        if (size == 0) {
            throw new InvalidInputException(spec.source() + ": the " + split.key() + " split is empty");
        }
        return new LoadedData(source.name(), split, dataset, size,
                new InputIdentity(source.name() + "/" + split.key(), kind, spec.source(), source.sha256(),
                        dataset.classNames()));
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
