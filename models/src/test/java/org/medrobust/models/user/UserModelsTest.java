package org.medrobust.models.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.InputGradients;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.host.InputSpec;
import org.medrobust.models.host.InputSpec.Declared;
import org.medrobust.models.host.InputSpecText;
import org.medrobust.models.host.RangeScaledClassifier;
import org.medrobust.models.host.SidecarFile;
import org.medrobust.models.host.ValueRange;
import org.medrobust.models.onnx.OnnxClassifier;
import org.medrobust.models.onnx.SharedData;

/** Loading the external pneumonia models with sidecars and declarations, and what a mismatch says. */
class UserModelsTest {

    private static final ImageShape MNIST = new ImageShape(1, 28, 28);

    @TempDir
    Path dir;

    @Test
    void aSidecarShapeTheOnnxModelDoesNotTakeIsOneLineNamingBoth() throws IOException {
        Path model = copy("pneumonia_cnn.onnx", "inputShape: 3x28x28\n");
        assertThatThrownBy(() -> UserModels.load(model, InputSpec.NONE, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(model + ": sidecar pneumonia_cnn.onnx.medrobust.yaml says 3x28x28 but the model's input "
                        + "'image' is (N,1,28,28)");
    }

    @Test
    void aDeclarationBeatsTheSidecarAndTheSidecarBeatsTheDefaults() throws IOException {
        Path model = copy("pneumonia_cnn.onnx", "inputShape: 3x28x28\nclasses: [normal, pneumonia]\n");
        InputSpec flags = InputSpecText.parse(model, "--input-shape", "1x28x28", null, null);
        try (Classifier loaded = UserModels.load(model, flags, null)) {
            assertThat(loaded.inputShape()).isEqualTo(MNIST);
            assertThat(loaded.classNames()).containsExactly("normal", "pneumonia");
            assertThat(loaded.capability(WritableWeights.class)).isPresent();
        }
    }

    @Test
    void torchScriptTakesItsShapeFromTheSidecarElseTheData() throws IOException {
        Path model = copy("pneumonia_cnn.torchscript.pt", "classes: [normal, pneumonia]\n");
        try (Classifier loaded = UserModels.load(model, InputSpec.NONE, MNIST)) {
            assertThat(loaded.inputShape()).isEqualTo(MNIST);
            assertThat(loaded.kind()).isEqualTo("torchscript");
            assertThat(loaded.classNames()).containsExactly("normal", "pneumonia");
            assertThat(loaded.capability(InputGradients.class)).isPresent();
            assertThat(loaded.capability(WritableWeights.class)).isPresent();
        }
        assertThatThrownBy(() -> UserModels.load(model, InputSpec.NONE, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(model.toString())
                .hasMessageContaining("give the image shape");
    }

    @Test
    void torchScriptMismatchesFailTheDryForward() throws IOException {
        Path vit = copy("pneumonia_vit.torchscript.pt", "inputShape: 1x32x32\n");
        assertThatThrownBy(() -> UserModels.load(vit, InputSpec.NONE, MNIST))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(vit + ": the model cannot take 1x32x32 images (shape from sidecar "
                        + "pneumonia_vit.torchscript.pt.medrobust.yaml)")
                .hasMessageNotContaining("\n");
        Path cnn = copy("pneumonia_cnn.torchscript.pt", "classes: [a, b, c]\n");
        assertThatThrownBy(() -> UserModels.load(cnn, InputSpec.NONE, MNIST))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(cnn.toString())
                .hasMessageContaining("2 logits but 3 class names").hasMessageNotContaining("\n");
    }

    @Test
    void openRecordsTheDeclarationThatWonEachPart() throws IOException {
        Path model = copy("pneumonia_cnn.onnx", "inputShape: 3x28x28\nvalueRange: [0, 255]\nclasses: [a, b]\n");
        InputSpec flags = InputSpecText.parse(model, "--input-shape", "1x28x28", null, null)
                .orElse(InputSpecText.parse(model, "--classes", null, null, List.of("normal", "pneumonia")));
        assertOpened(model, flags, null, List.of("x", "y"), new InputSpec(new Declared<>(MNIST, "--input-shape"),
                        new Declared<>(new ValueRange(0, 255), "sidecar pneumonia_cnn.onnx.medrobust.yaml"),
                        new Declared<>(List.of("normal", "pneumonia"), "--classes")),
                classifier -> assertThat(classifier).isInstanceOfSatisfying(RangeScaledClassifier.class,
                        scaled -> assertThat(scaled.range()).isEqualTo(new ValueRange(0, 255))));
    }

    @Test
    void anUndeclaredOnnxModelRecordsItsMetadataShapeTheDataClassesAndTheDefaultRange() throws IOException {
        assertOpened(copy("pneumonia_vit.onnx", ""), InputSpec.NONE, null, List.of("normal", "pneumonia"),
                new InputSpec(new Declared<>(MNIST, "ONNX model input 'image'"), new Declared<>(ValueRange.UNIT, "default"),
                        new Declared<>(List.of("normal", "pneumonia"), "the data set")),
                classifier -> assertThat(classifier).isInstanceOf(OnnxClassifier.class));
    }

    @Test
    void dataClassesThatDoNotNumberTheLogitsAreNotRecordedAsTheModels() throws IOException {
        assertOpened(copy("pneumonia_cnn.onnx", ""), InputSpec.NONE, null, List.of("a", "b", "c"),
                new InputSpec(new Declared<>(MNIST, "ONNX model input 'image'"), new Declared<>(ValueRange.UNIT, "default"),
                        new Declared<>(List.of("class_0", "class_1"), "default")),
                classifier -> assertThat(classifier.classNames()).containsExactly("class_0", "class_1"));
    }

    @Test
    void anUndeclaredTorchScriptModelRecordsTheDataShape() throws IOException {
        assertOpened(copy("pneumonia_cnn.torchscript.pt", "classes: [normal, pneumonia]\n"), InputSpec.NONE, MNIST,
                List.of("x", "y"), new InputSpec(new Declared<>(MNIST, "the data set"),
                        new Declared<>(ValueRange.UNIT, "default"),
                        new Declared<>(List.of("normal", "pneumonia"), "sidecar pneumonia_cnn.torchscript.pt.medrobust.yaml")),
                classifier -> assertThat(classifier.inputShape()).isEqualTo(MNIST));
    }

    /** Opens the model, checks the input spec it records, and hands the classifier to {@code check} before closing. */
    private static void assertOpened(Path model, InputSpec declared, ImageShape dataShape, List<String> dataClasses,
                                     InputSpec expected, Consumer<Classifier> check) {
        UserModel loaded = UserModels.open(model, declared, dataShape, dataClasses);
        try (Classifier classifier = loaded.classifier()) {
            assertThat(loaded.input()).isEqualTo(expected);
            check.accept(classifier);
        }
    }

    @Test
    void anUnknownFormatIsRefused() throws IOException {
        Path model = Files.writeString(dir.resolve("model.h5"), "not ours");
        assertThatThrownBy(() -> UserModels.load(model, InputSpec.NONE, MNIST))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(model + ": unsupported model format").hasMessageContaining(".onnx, .pt");
    }

    /** The external model in a fresh folder, with the given sidecar next to it. */
    private Path copy(String name, String sidecar) throws IOException {
        Path model = Files.copy(SharedData.file("models/external/" + name), dir.resolve(name));
        Files.writeString(SidecarFile.of(model), sidecar);
        return model;
    }
}
