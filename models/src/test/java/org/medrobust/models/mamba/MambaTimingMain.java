package org.medrobust.models.mamba;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.Locale;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.scan.cpu.CpuSelectiveScan;

/**
 * Not a test: prints forward time per image (batch 1 and 32, both scan modes) and the time of one DIFFERENTIABLE
 * training step (forward, backward, SGD update) at batch 16 (-Dmedrobust.timing.trainBatch) for the documented 28 x 28 gray configurations. Run with
 * the test classpath and --add-modules jdk.incubator.vector (see docs/mamba-models.md). Arguments: model names
 * (vim, vmamba, medmamba; default all), optionally "notrain".
 */
public final class MambaTimingMain {

    /** Batch 64 with the DJL autograd scan needs well over 10 GB for Vim (every step of every scan is kept). */
    static final int TRAIN_BATCH = Integer.getInteger("medrobust.timing.trainBatch", 16);

    /** The larger DIFFERENTIABLE forward batch (the DJL scan keeps B*D*L*N floats per step and op). */
    static final int DIFF_BATCH = Integer.getInteger("medrobust.timing.diffBatch", 32);

    private MambaTimingMain() {
    }

    public static void main(String[] args) {
        DjlRuntime.ensureOfflineEngine();
        java.util.List<String> which = java.util.Arrays.asList(args);
        boolean train = !which.contains("notrain");
        System.out.printf(Locale.ROOT, "cpu scan kernel: %s, processors %d, libtorch threads %s%n",
                new CpuSelectiveScan().kernelName(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads"));
        for (String name : new String[] {"vim", "vmamba", "medmamba"}) {
            if (which.stream().anyMatch(a -> !a.equals("notrain")) && !which.contains(name)) {
                continue;
            }
            time(name, train);
        }
    }

    private static AbstractBlock model(String name) {
        return switch (name) {
            case "vim" -> new Vim(VimConfig.standard(28, 1, 2, 1));
            case "vmamba" -> new VMamba(VMamba.standardConfig(28, 1, 2, 1));
            default -> new MedMamba(MedMamba.standardConfig(28, 1, 2, 1));
        };
    }

    private static void setMode(AbstractBlock b, ScanMode mode) {
        if (b instanceof Vim v) {
            v.setScanMode(mode);
        } else {
            ((HierarchicalMamba) b).setScanMode(mode);
        }
    }

    private static void time(String name, boolean train) {
        try (NDManager m = NDManager.newBaseManager()) {
            AbstractBlock model = model(name);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            boolean forward = Boolean.parseBoolean(System.getProperty("medrobust.timing.forward", "true"));
            for (ScanMode mode : forward ? new ScanMode[] {ScanMode.FAST_INFERENCE, ScanMode.DIFFERENTIABLE}
                    : new ScanMode[0]) {
                setMode(model, mode);
                for (int batch : new int[] {1, mode == ScanMode.DIFFERENTIABLE ? DIFF_BATCH : 32}) {
                    NDArray x = m.randomUniform(0, 1, new Shape(batch, 1, 28, 28));
                    double ms = measure(() -> {
                        try (NDManager sub = m.newSubManager()) {
                            NDArray xs = x.duplicate();
                            xs.attach(sub);
                            model.forward(new ParameterStore(sub, false), new NDList(xs), false).head().toFloatArray();
                        }
                    });
                    System.out.printf(Locale.ROOT, "%-9s %-15s batch %2d: %8.2f ms per call, %7.3f ms per image%n",
                            name, mode, batch, ms, ms / batch);
                }
            }
            for (String trainMode : train ? System.getProperty("medrobust.timing.trainModes", "TAPED").split(",")
                    : new String[0]) {
                ScanMode mode = ScanMode.valueOf(trainMode);
                setMode(model, mode);
                NDArray x = m.randomUniform(0, 1, new Shape(TRAIN_BATCH, 1, 28, 28));
                NDArray y = m.randomInteger(0, 2, new Shape(TRAIN_BATCH), DataType.INT32)
                        .toType(DataType.FLOAT32, false);
                Loss loss = Loss.softmaxCrossEntropyLoss();
                double ms = measure(() -> {
                    try (NDManager sub = m.newSubManager()) {
                        NDArray xs = x.duplicate();
                        xs.attach(sub); // every intermediate follows the input's manager: freed after the step
                        DjlRuntime.withGradients(collector -> {
                            try (org.medrobust.models.scan.djl.ScanTape tape =
                                         org.medrobust.models.scan.djl.ScanTape.record()) {
                                NDArray logits = model.forward(new ParameterStore(sub, false), new NDList(xs), true)
                                        .head();
                                NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                                tape.backward(l);
                            }
                            return null;
                        });
                        for (Pair<String, Parameter> p : model.getParameters()) {
                            NDArray a = p.getValue().getArray();
                            if (!p.getValue().requiresGradient()) {
                                continue; // BatchNorm running statistics
                            }
                            NDArray g = a.getGradient();
                            a.subi(g.mul(0.01f));
                            g.close();
                        }
                    }
                });
                System.out.printf(Locale.ROOT,
                        "%-9s %s train step batch %d: %8.1f ms (%.1f ms per image); PneumoniaMNIST train "
                                + "split (4708 images) at that per-image cost: %.1f min per epoch%n", name, mode, TRAIN_BATCH,
                        ms, ms / TRAIN_BATCH, ms / TRAIN_BATCH * 4708 / 60_000);
            }
        }
    }

    /** Mean ms per call after 2 warm-up calls, over at least 3 calls and about 3 s. */
    private static double measure(Runnable r) {
        for (int i = 0; i < 2; i++) {
            r.run();
        }
        int n = 0;
        long start = System.nanoTime();
        while (n < 3 || System.nanoTime() - start < 3_000_000_000L) {
            r.run();
            n++;
            if (n >= 200 || n >= 3 && System.nanoTime() - start > 20_000_000_000L) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e6 / n;
    }
}
