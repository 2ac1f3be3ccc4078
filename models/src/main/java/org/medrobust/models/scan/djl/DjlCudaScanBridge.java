package org.medrobust.models.scan.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.models.djl.TorchShim;
import org.medrobust.models.scan.Availability;
import org.medrobust.models.scan.ScanInputs;
import org.medrobust.models.scan.ScanShape;
import org.medrobust.models.scan.cuda.CudaSelectiveScan;
import org.medrobust.models.scan.cuda.CudaSelectiveScan.DeviceGradients;
import org.medrobust.models.scan.cuda.CudaSelectiveScan.DevicePointers;
import org.medrobust.models.scan.cuda.CudaSelectiveScan.DeviceScan;
import org.medrobust.models.scan.cuda.CudaSelectiveScan.InputType;

/**
 * The project's CUDA selective scan on DJL's GPU tensors, in place: inputs are read and outputs and gradients
 * written at the tensors' own device addresses (from {@link TorchShim}), so nothing crosses to the host. The kernels
 * launch on the legacy default stream, the stream PyTorch uses unless told otherwise (checked: {@link #availability}
 * refuses any other), so they are ordered after the ops that produced their inputs and before those that read their
 * outputs; both libraries share the device's primary context. Scratch (backward checkpoints, per-block partials) is
 * the kernel's own, kept per problem shape. Same contract as {@link DjlScanBridge}; {@link ScanTape} and the Mamba
 * blocks use it for tensors on a GPU.
 */
public final class DjlCudaScanBridge {

    /** Problem shapes whose scratch stays allocated (least recently used beyond that are freed). */
    private static final int CACHED_SHAPES = 16;

    private static volatile Availability availability;
    private static final Map<Key, DeviceScan> SCANS = new LinkedHashMap<>(16, 0.75f, true);
    private static CudaSelectiveScan kernel;

    private record Key(ScanShape shape, boolean softplus, boolean hasD, boolean hasZ, boolean hasBias) {
    }

    private DjlCudaScanBridge() {
    }

    /** System property: {@code djl} makes GPU tensors take the per-step DJL scan even where the CUDA one runs. */
    public static final String GPU_SCAN_PROPERTY = "medrobust.scan.gpu";

    /** Whether Mamba blocks scan GPU tensors with the CUDA kernel ({@link #availability}, not switched off). */
    public static boolean enabled() {
        return !"djl".equals(System.getProperty(GPU_SCAN_PROPERTY)) && availability().available();
    }

    /**
     * Whether GPU tensors can be scanned here: the CUDA backend loads, the torch shim is there, and PyTorch launches
     * on the default stream. Decided once per JVM.
     */
    public static Availability availability() {
        Availability a = availability;
        if (a == null) {
            synchronized (DjlCudaScanBridge.class) {
                if (availability == null) {
                    availability = decide();
                }
                a = availability;
            }
        }
        return a;
    }

    private static Availability decide() {
        TorchShim shim = TorchShim.get();
        if (shim == null) {
            return Availability.no(TorchShim.absence());
        }
        CudaSelectiveScan cuda = new CudaSelectiveScan();
        Availability a = cuda.availability();
        if (!a.available()) {
            return a;
        }
        long stream = shim.currentStream(Integer.getInteger("medrobust.cuda.device", 0));
        if (stream != 0) {
            return Availability.no("PyTorch launches on stream " + stream + ", not the default stream the scan uses");
        }
        kernel = cuda;
        return Availability.yes("CUDA scan on DJL device memory (" + a.reason() + ")");
    }

    /** Forward scan (shapes as {@link DjlSelectiveScan#scan}, float32 CUDA tensors); the output belongs to manager. */
    public static synchronized NDArray forward(NDManager manager, NDArray u, NDArray delta, NDArray a, NDArray b,
                                               NDArray c, NDArray d, NDArray z, NDArray deltaBias,
                                               boolean deltaSoftplus) {
        List<NDArray> temporaries = new ArrayList<>();
        try {
            DeviceScan scan = scan(u, a, b, d, z, deltaBias, deltaSoftplus);
            NDArray out = manager.zeros(u.getShape(), DataType.FLOAT32, u.getDevice());
            scan.bind(pointers(temporaries, u, delta, a, b, c, d, z, deltaBias, null));
            scan.bindOutput(pointer(out, temporaries));
            scan.forward(false);
            return out;
        } finally {
            temporaries.forEach(NDArray::close);
        }
    }

    /** Gradients of sum(out * dout) with respect to every input, as tensors of {@code manager} on the device. */
    public static synchronized DjlScanBridge.Gradients backward(NDManager manager, NDArray u, NDArray delta, NDArray a,
                                                               NDArray b, NDArray c, NDArray d, NDArray z,
                                                               NDArray deltaBias, boolean deltaSoftplus, NDArray dout) {
        List<NDArray> temporaries = new ArrayList<>();
        try {
            DeviceScan scan = scan(u, a, b, d, z, deltaBias, deltaSoftplus);
            DjlScanBridge.Gradients g = new DjlScanBridge.Gradients(zerosLike(manager, u), zerosLike(manager, u),
                    zerosLike(manager, a), zerosLike(manager, b), zerosLike(manager, c), zerosLike(manager, d),
                    zerosLike(manager, z), zerosLike(manager, deltaBias));
            scan.bind(pointers(temporaries, u, delta, a, b, c, d, z, deltaBias, dout));
            scan.bindGradients(new DeviceGradients(pointer(g.du(), temporaries), pointer(g.ddelta(), temporaries),
                    pointer(g.dA(), temporaries), pointer(g.dB(), temporaries), pointer(g.dC(), temporaries),
                    pointerOrZero(g.dD(), temporaries), pointerOrZero(g.dz(), temporaries),
                    pointerOrZero(g.dDeltaBias(), temporaries)));
            scan.backward();
            return g;
        } finally {
            temporaries.forEach(NDArray::close);
        }
    }

    private static DeviceScan scan(NDArray u, NDArray a, NDArray b, NDArray d, NDArray z, NDArray deltaBias,
                                   boolean softplus) {
        if (!availability().available()) {
            throw new IllegalStateException("the CUDA scan cannot run here: " + availability().reason());
        }
        ScanShape shape = DjlScanBridge.shape(u, a, b);
        Key key = new Key(shape, softplus, d != null, z != null, deltaBias != null);
        DeviceScan scan = SCANS.get(key);
        if (scan == null) {
            // placeholder inputs: every call binds its own before launching
            scan = kernel.onDevice(shape, softplus, InputType.F32, new DevicePointers(1, 1, 1, 1, 1, 0, 0, 0, 0));
            SCANS.put(key, scan);
            if (SCANS.size() > CACHED_SHAPES) {
                var eldest = SCANS.entrySet().iterator().next();
                eldest.getValue().close();
                SCANS.remove(eldest.getKey());
            }
        }
        return scan;
    }

    private static DevicePointers pointers(List<NDArray> temporaries, NDArray u, NDArray delta, NDArray a, NDArray b,
                                           NDArray c, NDArray d, NDArray z, NDArray deltaBias, NDArray dout) {
        return new DevicePointers(pointer(u, temporaries), pointer(delta, temporaries), pointer(a, temporaries),
                pointer(b, temporaries), pointer(c, temporaries), pointerOrZero(d, temporaries),
                pointerOrZero(z, temporaries), pointerOrZero(deltaBias, temporaries), pointerOrZero(dout, temporaries));
    }

    private static long pointerOrZero(NDArray x, List<NDArray> temporaries) {
        return x == null ? 0 : pointer(x, temporaries);
    }

    /** x's device address; a non-contiguous x is copied into a contiguous temporary first. */
    private static long pointer(NDArray x, List<NDArray> temporaries) {
        TorchShim shim = TorchShim.get();
        long p = shim.cudaDataPointer(x);
        if (p == 0 && x.getDataType() == DataType.FLOAT32 && x.getDevice().isGpu()) {
            NDArray dense = shim.contiguous(x);
            temporaries.add(dense);
            p = shim.cudaDataPointer(dense);
        }
        if (p == 0) {
            throw new IllegalArgumentException("the CUDA scan needs float32 CUDA tensors, got " + x.getDataType()
                    + " on " + x.getDevice());
        }
        return p;
    }

    private static NDArray zerosLike(NDManager manager, NDArray like) {
        return like == null ? null : manager.zeros(like.getShape(), DataType.FLOAT32, like.getDevice());
    }
}
