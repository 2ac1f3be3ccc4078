package org.medrobust.suite.gpu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.builtin.BuiltinData;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.InputGradients;
import org.medrobust.models.capability.InputGradients.LossGradient;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.models.scan.djl.DjlCudaScanBridge;
import org.medrobust.models.torchscript.TorchScriptClassifier;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * GPU against CPU on the same weights and images: logits and the input gradient of the summed cross-entropy for the
 * five PneumoniaMNIST zoo models (Mamba models with the CUDA scan on device memory, and again with the per-step DJL
 * scan fallback) and TorchScript files given as arguments, on the first N test images of builtin:pneumoniamnist.
 * Prints one table; exit 1 when a row is outside tolerance. Run on a GPU host (scripts/gpu-campaign-check.sh).
 *
 * <p>Tolerances (float32 on both sides; the shim switches TF32 off and cuDNN to deterministic algorithms): logits
 * max |gpu - cpu| <= 1e-4 (1 + max |cpu|); gradients ||gpu - cpu|| / ||cpu|| <= 1e-3. Different summation orders
 * (cuBLAS/cuDNN blocking vs oneDNN, the CUDA scan's chunked recurrence vs the CPU kernel's) leave errors of order
 * sqrt(n) u per reduction (u = 6e-8, n <= 1e4 terms: ~6e-6 relative) compounding over ~20 layers; a gradient also
 * passes softmax/layer-norm backward, where cancellation loses about one more digit.
 */
public final class DeviceParityCheck {

    static final double LOGIT_RTOL = 1e-4;
    static final double GRADIENT_RTOL = 1e-3;

    private record Result(float[] logits, float[] gradient) {
    }

    public static void main(String[] args) {
        int n = Integer.getInteger("parity.images", 64);
        Dataset test = BuiltinData.load("pneumoniamnist").split(Split.TEST);
        ImageBatch images = test.batch(0, n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = test.label(i);
        }
        Map<String, Supplier<Classifier>> models = new LinkedHashMap<>();
        for (String family : List.of("cnn", "vit", "vim", "vmamba", "medmamba")) {
            models.put(family + "_pneumonia", () -> BuiltinModels.load(family + "_pneumonia"));
        }
        for (String file : args) {
            models.put(Path.of(file).getFileName().toString(),
                    () -> TorchScriptClassifier.load(Path.of(file), new ImageShape(1, 28, 28), null));
        }
        Map<String, Result> cpu = new LinkedHashMap<>();
        models.forEach((id, load) -> cpu.put(id, run(load, images, labels)));
        DjlDevices.use("gpu");
        System.out.println("device: " + DjlDevices.description());
        List<String> rows = new ArrayList<>();
        boolean ok = true;
        for (var e : models.entrySet()) {
            ok &= row(rows, e.getKey(), DjlCudaScanBridge.enabled() ? "gpu" : "gpu (djl scan)", cpu.get(e.getKey()),
                    run(e.getValue(), images, labels));
            if (e.getKey().matches("(vim|vmamba|medmamba)_.*") && DjlCudaScanBridge.enabled()) {
                System.setProperty(DjlCudaScanBridge.GPU_SCAN_PROPERTY, "djl");
                ok &= row(rows, e.getKey(), "gpu, per-step DJL scan", cpu.get(e.getKey()),
                        run(e.getValue(), images, labels));
                System.clearProperty(DjlCudaScanBridge.GPU_SCAN_PROPERTY);
            }
        }
        System.out.println("| model | path | max abs logit diff | tol | argmax agree | grad rel L2 err | grad cos | ok |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println(ok ? "DEVICE PARITY OK" : "DEVICE PARITY FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static Result run(Supplier<Classifier> load, ImageBatch images, int[] labels) {
        try (Classifier model = load.get()) {
            float[] logits = model.predict(images).values();
            LossGradient g = model.capability(InputGradients.class).orElseThrow().lossGradient(images, labels);
            return new Result(logits, g.inputGradient());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean row(List<String> rows, String id, String path, Result cpu, Result gpu) {
        double maxAbs = 0;
        double maxCpu = 0;
        for (int i = 0; i < cpu.logits.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(cpu.logits[i] - gpu.logits[i]));
            maxCpu = Math.max(maxCpu, Math.abs(cpu.logits[i]));
        }
        int classes = 2;
        int agree = 0;
        int rowsN = cpu.logits.length / classes;
        for (int r = 0; r < rowsN; r++) {
            agree += argmax(cpu.logits, r, classes) == argmax(gpu.logits, r, classes) ? 1 : 0;
        }
        double dot = 0, nc = 0, ng = 0, diff = 0;
        for (int i = 0; i < cpu.gradient.length; i++) {
            double c = cpu.gradient[i], g = gpu.gradient[i];
            dot += c * g;
            nc += c * c;
            ng += g * g;
            diff += (c - g) * (c - g);
        }
        double rel = Math.sqrt(diff / nc);
        double tol = LOGIT_RTOL * (1 + maxCpu);
        boolean ok = maxAbs <= tol && rel <= GRADIENT_RTOL && Double.isFinite(rel);
        rows.add(String.format(Locale.ROOT, "| %s | %s | %.3g | %.3g | %d/%d | %.3g | %.9f | %s |", id, path, maxAbs,
                tol, agree, rowsN, rel, dot / Math.sqrt(nc * ng), ok ? "ok" : "FAIL"));
        return ok;
    }

    private static int argmax(float[] logits, int row, int classes) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (logits[row * classes + k] > logits[row * classes + best]) {
                best = k;
            }
        }
        return best;
    }
}
