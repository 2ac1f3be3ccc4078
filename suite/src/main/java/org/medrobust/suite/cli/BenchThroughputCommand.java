package org.medrobust.suite.cli;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.djl.TorchShim;
import org.medrobust.models.host.ModelIdentity;
import org.medrobust.models.training.Architecture;
import org.medrobust.models.zoo.Architectures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medrobust bench throughput}: images per second of each family's standard network (random weights) on one
 * device, forward (logits back on the host) and forward+backward (the input gradient of the cross-entropy, as the
 * white-box attacks take it), through the same classifier code a campaign uses.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = {"Images/s of each model family on a device: forward, and forward+backward to the input "
                + "gradient (what PGD, APGD and the Bit-Flip Attack repeat), at each resolution; median of --repeats "
                + "timed batches after two warm-up batches."})
final class BenchThroughputCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchFamilyOptions families;

    @Option(names = "--resolutions", paramLabel = "LIST", split = ",", defaultValue = "28,64,224",
            description = "Square image sides (default: ${DEFAULT-VALUE}).")
    List<Integer> resolutions;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5",
            description = "Timed batches per measurement (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() {
        List<String> models = BenchFamilyOptions.checked(families.models);
        if (batch < 1 || repeats < 1) {
            throw new InvalidInputException("--batch and --repeats must be at least 1");
        }
        Device d = DjlDevices.use(families.device);
        PrintWriter out = spec.commandLine().getOut();
        out.println("device: " + DjlDevices.description());
        out.printf(Locale.ROOT, "| family | px | batch | fwd img/s | fwd+bwd img/s | fwd ms/batch | fwd+bwd ms/batch "
                + "| peak GPU MB fwd | peak GPU MB fwd+bwd |%n");
        out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|---|%n");
        out.flush();
        for (String family : models) {
            for (int side : resolutions) {
                double[] ms = measure(family, side, d);
                out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s | %s |%n", family, side, batch,
                        rate(ms[0]), rate(ms[1]), cell(ms[0], "%.2f"), cell(ms[1], "%.2f"), memory(ms[2]),
                        memory(ms[3]));
                out.flush();
            }
        }
        return ExitCodes.OK;
    }

    private String rate(double ms) {
        return Double.isNaN(ms) ? "out of memory" : String.format(Locale.ROOT, "%.1f", 1000.0 * batch / ms);
    }

    private static String cell(double value, String format) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

    private static String memory(double bytes) {
        return bytes < 0 || Double.isNaN(bytes) ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1e6);
    }

    /**
     * Median ms per batch (forward, forward+backward; NaN where the device ran out of memory) and the allocator's
     * peak bytes during each (GPU with the torch shim only, else -1).
     */
    private double[] measure(String family, int side, Device d) {
        ImageShape shape = new ImageShape(1, side, side);
        Architecture architecture = Architectures.standard(family, shape, 2);
        NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(d);
        Block block = architecture.build(shape, 2); // random weights: enough for timing
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, side, side));
        ModelIdentity identity = new ModelIdentity(family + "_" + side, architecture.kind(), "-", "bench", shape,
                List.of("a", "b"));
        try (DjlClassifier model = new DjlClassifier(identity, block, manager, manager)) {
            SplittableRandom random = new SplittableRandom(side);
            float[] pixels = new float[batch * side * side];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextDouble();
            }
            ImageBatch images = new ImageBatch(shape, batch, pixels);
            int[] labels = new int[batch];
            Arrays.setAll(labels, i -> i % 2);
            TorchShim shim = d.isGpu() ? TorchShim.get() : null;
            peak(shim, d);
            double forward = orOutOfMemory(() -> median(() -> model.predict(images)));
            double forwardPeak = peak(shim, d);
            double backward = orOutOfMemory(() -> median(() -> model.lossGradient(images, labels)));
            return new double[] {forward, backward, forwardPeak, peak(shim, d)};
        }
    }

    private static double peak(TorchShim shim, Device d) {
        return shim == null ? -1 : shim.peakAllocatedAndReset(d.getDeviceId());
    }

    /** The measurement, or NaN when the device ran out of memory (the cell is reported, the bench goes on). */
    private static double orOutOfMemory(java.util.function.DoubleSupplier measurement) {
        try {
            return measurement.getAsDouble();
        } catch (EngineException e) {
            if (e.getMessage() == null || !e.getMessage().contains("out of memory")) {
                throw e;
            }
            JniUtils.emptyCudaCache();
            return Double.NaN;
        }
    }

    private double median(Runnable call) {
        call.run();
        call.run();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            call.run(); // results come back to the host, so the device work is complete when it returns
            ms.add((System.nanoTime() - t) / 1e6);
        }
        ms.sort(null);
        return ms.get(ms.size() / 2);
    }
}
