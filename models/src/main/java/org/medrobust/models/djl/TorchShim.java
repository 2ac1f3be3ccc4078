package org.medrobust.models.djl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * medrobust's own native shim over the running libtorch ({@code src/main/cpp/medrobust_torch_shim.cc}, built on the
 * GPU machine against its torch, as DJL's JNI is), bound through {@code java.lang.foreign}: the device address of a
 * DJL tensor's data (the project's CUDA scan runs on it in place), PyTorch's current stream, and the numerics
 * switches DJL does not expose. Located by the system property {@value #PATH_PROPERTY} or the environment variable
 * {@value #PATH_ENV}; absent (every CPU machine), {@link #get()} returns null and callers fall back.
 */
public final class TorchShim {

    public static final String PATH_PROPERTY = "medrobust.torch.shim";
    public static final String PATH_ENV = "MEDROBUST_TORCH_SHIM";

    private static volatile Object loaded; // TorchShim or the reason it is absent (String)

    private final MethodHandle dataPtr;
    private final MethodHandle contiguous;
    private final MethodHandle currentStream;
    private final MethodHandle configure;
    private final MethodHandle peakAllocated;

    private TorchShim(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        dataPtr = linker.downcallHandle(symbol(lib, "medrobust_cuda_data_ptr"), FunctionDescriptor.of(ADDRESS, ADDRESS));
        contiguous = linker.downcallHandle(symbol(lib, "medrobust_contiguous"), FunctionDescriptor.of(ADDRESS, ADDRESS));
        currentStream = linker.downcallHandle(symbol(lib, "medrobust_current_stream"),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
        configure = linker.downcallHandle(symbol(lib, "medrobust_configure"), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        peakAllocated = linker.downcallHandle(symbol(lib, "medrobust_cuda_peak_allocated"),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT));
    }

    private static MemorySegment symbol(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException("the torch shim has no symbol " + name));
    }

    /** The shim, loaded on first use after the PyTorch engine (it links the engine's libtorch); null if absent. */
    public static TorchShim get() {
        Object state = loaded;
        if (state == null) {
            synchronized (TorchShim.class) {
                state = loaded;
                if (state == null) {
                    state = load();
                    loaded = state;
                }
            }
        }
        return state instanceof TorchShim shim ? shim : null;
    }

    /** Why {@link #get()} is null, or null when the shim is loaded. */
    public static String absence() {
        return get() == null ? (String) loaded : null;
    }

    private static Object load() {
        String configured = System.getProperty(PATH_PROPERTY, System.getenv(PATH_ENV));
        if (configured == null || configured.isBlank()) {
            return "no torch shim (set -D" + PATH_PROPERTY + " or " + PATH_ENV + ")";
        }
        Path path = Path.of(configured);
        if (!Files.isRegularFile(path)) {
            return "torch shim " + path + " does not exist";
        }
        DjlRuntime.ensureOfflineEngine(); // libtorch first: the shim resolves against the engine's copy
        try {
            return new TorchShim(SymbolLookup.libraryLookup(path, Arena.global()));
        } catch (RuntimeException e) {
            return "torch shim " + path + " did not load: " + e.getMessage();
        }
    }

    /**
     * The device address of a contiguous float32 CUDA tensor's data; 0 when the tensor is not one (see
     * {@link #contiguous}).
     */
    public long cudaDataPointer(NDArray x) {
        try {
            return ((MemorySegment) dataPtr.invokeExact(handle(x))).address();
        } catch (Throwable t) {
            throw new IllegalStateException("medrobust_cuda_data_ptr failed: " + t, t);
        }
    }

    /** A contiguous copy of {@code x} (or x's own memory when already contiguous), attached to x's manager. */
    public NDArray contiguous(NDArray x) {
        try {
            MemorySegment h = (MemorySegment) contiguous.invokeExact(handle(x));
            if (h.address() == 0) {
                throw new IllegalStateException("medrobust_contiguous failed on a tensor of shape " + x.getShape());
            }
            return new PtNDArray((PtNDManager) x.getManager(), h.address());
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("medrobust_contiguous failed: " + t, t);
        }
    }

    /** PyTorch's current CUDA stream on the device (0: the legacy default stream), -1 on error. */
    public long currentStream(int device) {
        try {
            return (long) currentStream.invokeExact(device);
        } catch (Throwable t) {
            return -1;
        }
    }

    /** Deterministic algorithms and cuDNN, no autotuning, no TF32; false if libtorch refused. */
    public boolean configureDeterministic() {
        try {
            return (int) configure.invokeExact(1) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Peak bytes PyTorch's allocator held for tensors on the device since the last reset (then resets it); -1 unknown. */
    public long peakAllocatedAndReset(int device) {
        try {
            return (long) peakAllocated.invokeExact(device, 1);
        } catch (Throwable t) {
            return -1;
        }
    }

    private static MemorySegment handle(NDArray x) {
        if (!(x instanceof PtNDArray pt)) {
            throw new IllegalArgumentException("not a PyTorch tensor: " + x.getClass().getName());
        }
        return MemorySegment.ofAddress(pt.getHandle());
    }
}
