package org.medrobust.attacks.evasion;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.medmnist.MedMnistLoader;
import org.medrobust.models.Classifier;

/** The external pneumonia models and the PneumoniaMNIST test split from medrobust.shared.dir; absent: skipped. */
public final class PneumoniaFixture {

    public static final ImageShape SHAPE = new ImageShape(1, 28, 28);

    private static Labelled test;

    private PneumoniaFixture() {
    }

    public static Path file(String relative) {
        String dir = System.getProperty("medrobust.shared.dir");
        assumeTrue(dir != null, "system property medrobust.shared.dir is not set");
        Path file = Path.of(dir).resolve(relative);
        assumeTrue(Files.isRegularFile(file), "shared file " + file + " is absent");
        return file;
    }

    /** The 624 test images, pixel / 255, with labels. */
    public static synchronized Labelled test() {
        if (test == null) {
            Dataset d = MedMnistLoader.load(file("data/medmnist/pneumoniamnist_28.npz")).split(Split.TEST);
            test = new Labelled(d.batch(0, d.size()), d.labels(0, d.size()));
        }
        return test;
    }

    /** Images with their classes. */
    public record Labelled(ImageBatch images, int[] labels) {

        public int size() {
            return labels.length;
        }

        public Labelled slice(int from, int to) {
            int p = images.shape().pixels();
            return new Labelled(new ImageBatch(images.shape(), to - from,
                    Arrays.copyOfRange(images.data(), from * p, to * p)), Arrays.copyOfRange(labels, from, to));
        }

        /** Fraction of images the model still classifies correctly after the attack, run in batches. */
        public double robustAccuracy(EvasionAttack attack, Classifier model, int batchSize) {
            int correct = 0;
            for (int from = 0; from < size(); from += batchSize) {
                Labelled part = slice(from, Math.min(size(), from + batchSize));
                AdversarialCheck.Evaluated e = AdversarialCheck.run(attack, model, part.images, part.labels,
                        randoms(from, part.size()));
                for (int i = 0; i < part.size(); i++) {
                    correct += e.logits().argmax(i) == part.labels[i] ? 1 : 0;
                }
            }
            return correct / (double) size();
        }
    }

    /** One generator per image, seeded by its index, as the campaign does. */
    public static List<RandomGenerator> randoms(int from, int count) {
        List<RandomGenerator> list = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            list.add(new SplittableRandom(1000 + i));
        }
        return list;
    }
}
