package org.medrobust.suite.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.Classifier;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.reports.efficiency.EfficiencyReport;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.suite.inputs.LoadedModel;

/**
 * Times a campaign's own models (whatever their kind: zoo, ONNX, TorchScript) through the same
 * {@link Classifier#predict} the campaign calls: one image alone, then a batch of the campaign's size, each after a
 * warm-up (the JIT and the engines' first-call costs), the median of {@code repeats} timed calls, on seeded uniform
 * images of the model's input shape (timing does not depend on content). Each model runs in a child JVM of its own
 * ({@link ModelTimingMain}, launched and watched by the {@link CellLauncher} of {@code bench models}), so one model's
 * JIT state, engine threads and heap do not colour another's numbers, and the child's resident memory is that
 * model's: its working set is the peak after timing minus the resident set before the model was loaded.
 */
public final class ModelLatency {

    /** Untimed calls before timing, per batch size. */
    static final int WARMUP = 3;

    /** Limits of one model's child JVM: generous, the campaign already ran these models here. */
    static final double MAX_SECONDS = 600;
    static final double MAX_MEMORY_MB = 16 * 1024;

    private ModelLatency() {
    }

    /**
     * Every model of {@code report} (read from {@code reportJson}), each timed in a child JVM of its own.
     *
     * @throws InvalidInputException naming the model when a child fails (e.g. a model file that changed)
     */
    public static EfficiencyReport measure(Path reportJson, CampaignReport report, int batch, int repeats) {
        CellLauncher launcher = new CellLauncher(MAX_SECONDS, MAX_MEMORY_MB);
        List<EfficiencyReport.ModelTiming> timings = new ArrayList<>();
        String device = null;
        for (int i = 0; i < report.models().size(); i++) {
            InputIdentity model = report.models().get(i);
            CellLauncher.Child<ModelTimingMain.Outcome> child = launcher.launch(ModelTimingMain.class,
                    ModelTimingMain.args(reportJson, i, batch, repeats), ModelTimingMain.PREFIX,
                    ModelTimingMain.Outcome.class);
            if (child.stopped() != null || child.outcome().isEmpty()) {
                throw new InvalidInputException(reportJson + ": timing model " + model.id() + " failed: "
                        + (child.stopped() != null ? child.stopped() : "no result: " + child.lastError()));
            }
            timings.add(child.outcome().get().timing());
            device = child.outcome().get().device();
        }
        return new EfficiencyReport(EfficiencyReport.SCHEMA, Sha256.of(reportJson), MachineInfo.cpuModel() + ", "
                + Runtime.getRuntime().availableProcessors() + " processors", device == null ? DjlDevices.description()
                : device, String.format(Locale.ROOT, "a child JVM per model, libtorch with %s thread(s)",
                System.getProperty("ai.djl.pytorch.num_threads", "1")), Instant.now().toString(), repeats, timings);
    }

    /** {median ms of one image, median ms per image of a batch}, timed here (in the child). */
    static double[] time(LoadedModel model, int batch, int repeats) {
        Classifier classifier = model.classifier();
        ImageShape shape = classifier.inputShape();
        double one = medianMs(classifier, images(shape, 1), repeats);
        double many = medianMs(classifier, images(shape, batch), repeats) / batch;
        return new double[] {one, many};
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
