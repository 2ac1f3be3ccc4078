package org.medrobust.attacks.fault;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.medmnist.MedMnistLoader;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.onnx.OnnxClassifier;
import org.medrobust.models.torchscript.TorchScriptClassifier;

/** The external pneumonia models and PneumoniaMNIST's test split from medrobust.shared.dir; tests skip without them. */
public final class PneumoniaFixture {

    private static ImageBatch images;
    private static int[] labels;

    private PneumoniaFixture() {
    }

    public static Path file(String relative) {
        String dir = System.getProperty("medrobust.shared.dir");
        assumeTrue(dir != null, "system property medrobust.shared.dir is not set");
        Path file = Path.of(dir).resolve(relative);
        assumeTrue(Files.isRegularFile(file), "shared file " + file + " is absent");
        return file;
    }

    public static Classifier torchScript() {
        return TorchScriptClassifier.load(file("models/external/pneumonia_cnn.torchscript.pt"),
                new ImageShape(1, 28, 28), null);
    }

    public static Classifier onnx() {
        return OnnxClassifier.load(file("models/external/pneumonia_cnn.onnx"), null, null);
    }

    /** The 624 test images in one batch. */
    public static synchronized ImageBatch images() {
        if (images == null) {
            Dataset test = MedMnistLoader.load(file("data/medmnist/pneumoniamnist_28.npz")).split(Split.TEST);
            images = test.batch(0, test.size());
            labels = test.labels(0, test.size());
        }
        return images;
    }

    public static synchronized int[] labels() {
        images();
        return labels;
    }

    /** Test accuracy from one forward pass over all 624 images. */
    public static double accuracy(Classifier model) {
        Logits logits = model.predict(images());
        int correct = 0;
        for (int i = 0; i < logits.rows(); i++) {
            correct += logits.argmax(i) == labels()[i] ? 1 : 0;
        }
        return (double) correct / logits.rows();
    }
}
