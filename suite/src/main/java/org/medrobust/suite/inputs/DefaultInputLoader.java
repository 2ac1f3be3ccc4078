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
import org.medrobust.models.onnx.OnnxClassifier;
import org.medrobust.models.zoo.BuiltinModels;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;

/** Loads built-in models and data ("builtin:..."), ONNX model files and MedMNIST-style .npz files. */
public final class DefaultInputLoader implements InputLoader {

    static final String BUILTIN = "builtin:";

    /** The built-in data sets, by name. */
    public static final List<String> BUILTIN_DATA = List.of("phantom");

    @Override
    public LoadedModel loadModel(ModelSpec spec) {
        if (spec.source().startsWith(BUILTIN)) {
            String id = spec.source().substring(BUILTIN.length());
            Classifier classifier = BuiltinModels.load(id);
            String name = spec.id() == null ? id : spec.id();
            return new LoadedModel(classifier, new InputIdentity(name, classifier.kind(), spec.source(),
                    classifier.sha256(), classifier.classNames()));
        }
        Path file = existingFile(spec.source(), "model");
        String fileName = file.getFileName().toString();
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            throw new InvalidInputException(file + ": unsupported model format; medrobust runs .onnx files here "
                    + "(or builtin:<id>, see 'medrobust list')");
        }
        ImageShape shape = spec.inputShape() == null ? null : parseShape(spec.inputShape(), file);
        Classifier classifier = OnnxClassifier.load(file, shape, spec.classes());
        String name = spec.id() == null ? fileName.substring(0, fileName.length() - ".onnx".length()) : spec.id();
        return new LoadedModel(classifier, new InputIdentity(name, classifier.kind(), spec.source(),
                classifier.sha256(), null));
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

    /** "C,H,W" or "CxHxW". */
    static ImageShape parseShape(String text, Path file) {
        String[] parts = text.strip().split("[,x]");
        try {
            if (parts.length == 3) {
                return new ImageShape(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
                        Integer.parseInt(parts[2].strip()));
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new InvalidInputException(file + ": inputShape '" + text + "' is not C,H,W (e.g. 1,28,28)");
    }
}
