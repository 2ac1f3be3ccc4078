package org.medrobust.suite.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Classifier;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.reports.efficiency.EfficiencyReport;
import org.medrobust.suite.inputs.LoadedModel;

/**
 * Times a campaign's own models (the loaded classifiers, whatever their kind: zoo, ONNX, TorchScript) through the
 * same {@link Classifier#predict} the campaign calls: one image alone, then a batch of the campaign's size, each
 * after a warm-up (the JIT and the engines' first-call costs), the median of {@code repeats} timed calls. Inputs are
 * seeded uniform images of the model's input shape (timing does not depend on content). Runs in this process, one
 * model after the other, so the numbers are comparable with each other on this machine and nothing more.
 */
public final class ModelLatency {

    /** Untimed calls before timing, per batch size. */
    static final int WARMUP = 3;

    private ModelLatency() {
    }

    public static EfficiencyReport measure(List<LoadedModel> models, int batch, int repeats) {
        List<EfficiencyReport.ModelTiming> timings = new ArrayList<>();
        for (LoadedModel model : models) {
            Classifier classifier = model.classifier();
            ImageShape shape = classifier.inputShape();
            double one = medianMs(classifier, images(shape, 1), repeats);
            double many = medianMs(classifier, images(shape, batch), repeats) / batch;
            timings.add(new EfficiencyReport.ModelTiming(model.id(), shape.toString(), one, batch, many, 1000 / many));
        }
        return new EfficiencyReport(EfficiencyReport.SCHEMA, MachineInfo.cpuModel() + ", "
                + Runtime.getRuntime().availableProcessors() + " processors", DjlDevices.description(),
                Instant.now().toString(), repeats, MemoryProbe.selfPeakRssMb().isPresent()
                        ? MemoryProbe.selfPeakRssMb().getAsDouble() : null, timings);
    }

    private static ImageBatch images(ImageShape shape, int n) {
        SplittableRandom random = new SplittableRandom(n);
        float[] data = new float[n * shape.pixels()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextDouble();
        }
        return new ImageBatch(shape, n, data);
    }

    private static double medianMs(Classifier classifier, ImageBatch images, int repeats) {
        for (int i = 0; i < WARMUP; i++) {
            classifier.predict(images);
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            classifier.predict(images);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return repeats % 2 == 1 ? ms[repeats / 2] : (ms[repeats / 2 - 1] + ms[repeats / 2]) / 2;
    }
}
