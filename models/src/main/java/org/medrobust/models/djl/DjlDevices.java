package org.medrobust.models.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.util.cuda.CudaUtils;
import java.util.Locale;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.scan.cuda.CudaSelectiveScan;
import org.medrobust.models.scan.djl.DjlCudaScanBridge;

/**
 * Where DJL-hosted models (the zoo, user TorchScript) run: {@code cpu}, {@code gpu} or {@code auto} (the GPU when
 * DJL's PyTorch engine sees one, else the CPU), chosen once per process by {@code --device} before any model loads.
 * ONNX models always run on the CPU (ONNX Runtime's CPU provider). On a GPU, the torch shim (when present) switches
 * PyTorch to deterministic algorithms and true float32 (no TF32), so GPU results are reproducible and comparable
 * with the CPU's.
 */
public final class DjlDevices {

    private static volatile Device current = Device.cpu();
    private static volatile String numerics = "CPU";

    private DjlDevices() {
    }

    /** The device models load onto (the CPU unless {@link #use} chose another). */
    public static Device current() {
        return current;
    }

    /**
     * Resolves {@code cpu|gpu|auto} and makes it the device of every model loaded afterwards.
     *
     * @throws InvalidInputException one line, when the name is unknown, the PyTorch engine cannot start (no JNI
     *                               matching the installed libtorch), or {@code gpu} is asked for and none is visible
     */
    public static Device use(String name) {
        Device device = resolve(name);
        current = device;
        if (device.isGpu()) {
            TorchShim shim = TorchShim.get();
            numerics = shim == null ? "PyTorch defaults (" + TorchShim.absence() + ")"
                    : shim.configureDeterministic() ? "deterministic algorithms, deterministic cuDNN, no TF32"
                    : "PyTorch defaults (the torch shim could not set deterministic algorithms)";
        } else {
            numerics = "CPU";
        }
        return device;
    }

    /** {@code cpu|gpu|auto} to a DJL device, without making it current. */
    public static Device resolve(String name) {
        String n = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "cpu":
                return Device.cpu();
            case "gpu":
            case "auto":
                break;
            default:
                throw new InvalidInputException("--device: unknown device '" + name + "': use cpu, gpu or auto");
        }
        int gpus = gpuCount(n);
        if (gpus > 0) {
            return Device.gpu(Integer.getInteger("medrobust.cuda.device", 0));
        }
        if (n.equals("auto")) {
            return Device.cpu();
        }
        throw new InvalidInputException("--device gpu: DJL's PyTorch engine sees no CUDA GPU (" + flavour()
                + "; CUDA driver: " + (CudaUtils.hasCuda() ? "found" + gpuName() : "none") + "); use --device cpu, or"
                + " see README 'Running on a GPU host'");
    }

    private static int gpuCount(String asked) {
        try {
            return DjlRuntime.ensureOfflineEngine().getGpuCount();
        } catch (EngineException | UnsatisfiedLinkError | IllegalArgumentException e) {
            if (asked.equals("auto")) {
                throw new InvalidInputException("--device auto: DJL's PyTorch engine did not start: " + oneLine(e), e);
            }
            throw new InvalidInputException("--device gpu: DJL's PyTorch engine did not start (" + oneLine(e)
                    + "); a GPU host needs a libdjl_torch.so built for its own libtorch: see README 'Running on a GPU"
                    + " host'", e);
        }
    }

    private static String flavour() {
        String version = System.getProperty("PYTORCH_VERSION", System.getenv("PYTORCH_VERSION"));
        String flavor = System.getProperty("PYTORCH_FLAVOR", System.getenv("PYTORCH_FLAVOR"));
        return (version == null ? "bundled libtorch" : "libtorch " + version) + " " + (flavor == null ? "cpu" : flavor);
    }

    private static String gpuName() {
        String d = CudaSelectiveScan.deviceDescription();
        return d == null ? "" : ", " + d;
    }

    /**
     * What environment.json records: the device, the GPU and how its numerics were set, and which scan the Mamba
     * models use on it.
     */
    public static String description() {
        Device d = current;
        if (!d.isGpu()) {
            return "cpu (DJL-hosted and ONNX models on the CPU)";
        }
        Engine engine = DjlRuntime.ensureOfflineEngine();
        String scan = DjlCudaScanBridge.enabled() ? "CUDA scan on device memory"
                : "per-step DJL scan (" + DjlCudaScanBridge.availability().reason() + ")";
        return d + " (" + gpuName().replaceFirst("^, ", "") + "; " + engine.getEngineName() + " "
                + engine.getVersion() + " (" + flavour() + "); " + numerics + "; Mamba scans: " + scan
                + "; ONNX models on the CPU)";
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
