package org.medrobust.models.onnx;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.medmnist.MedMnistLoader;
import org.medrobust.models.Classifier;

/** Real files under medrobust.shared.dir for model tests; a test is skipped, with the reason, when they are absent. */
public final class SharedData {

    private static Labelled pneumoniaTest;

    private SharedData() {
    }

    /** A file under the shared directory, or the calling test is skipped. */
    public static Path file(String relative) {
        String dir = System.getProperty("medrobust.shared.dir");
        assumeTrue(dir != null, "system property medrobust.shared.dir is not set");
        Path file = Path.of(dir).resolve(relative);
        assumeTrue(Files.isRegularFile(file), "shared file " + file + " is absent");
        return file;
    }

    /** PneumoniaMNIST's 624 test images, pixels in [0, 1], with their labels. */
    public static synchronized Labelled pneumoniaTest() {
        if (pneumoniaTest == null) {
            Dataset test = MedMnistLoader.load(file("data/medmnist/pneumoniamnist_28.npz")).split(Split.TEST);
            pneumoniaTest = new Labelled(test.batch(0, test.size()), test.labels(0, test.size()));
        }
        return pneumoniaTest;
    }

    /** Images [from, to) of a batch. */
    public static ImageBatch slice(ImageBatch batch, int from, int to) {
        int pixels = batch.shape().pixels();
        return new ImageBatch(batch.shape(), to - from, Arrays.copyOfRange(batch.data(), from * pixels, to * pixels));
    }

    /** Images with their true classes. */
    public record Labelled(ImageBatch images, int[] labels) {

        /** How many images the model classifies correctly, predicting in batches of {@code batchSize}. */
        public int correct(Classifier model, int batchSize) {
            int correct = 0;
            for (int from = 0; from < labels.length; from += batchSize) {
                int to = Math.min(labels.length, from + batchSize);
                var logits = model.predict(slice(images, from, to));
                for (int i = from; i < to; i++) {
                    correct += logits.argmax(i - from) == labels[i] ? 1 : 0;
                }
            }
            return correct;
        }
    }
}
