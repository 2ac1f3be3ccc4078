package org.medrobust.models.scan.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal bindings to the CUDA driver API (libcuda.so.1) through java.lang.foreign: no JNI, no JCuda. Every call
 * checks its CUresult and throws {@link CudaException} naming the call and the error. Loaded lazily: constructing
 * this class is the first touch of libcuda.
 */
final class CudaDriver {

    /** CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT etc. */
    static final int ATTR_SM_COUNT = 16, ATTR_CC_MAJOR = 75, ATTR_CC_MINOR = 76, ATTR_SHARED_PER_SM = 81;
    /** CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES */
    static final int FUNC_ATTR_MAX_DYNAMIC_SHARED = 8;

    private final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName,
            cuDeviceGetAttribute, cuDevicePrimaryCtxRetain, cuCtxSetCurrent, cuCtxSynchronize, cuModuleLoadData,
            cuModuleGetFunction, cuFuncSetAttribute, cuMemAlloc, cuMemFree, cuMemcpyHtoD, cuMemcpyDtoH, cuMemcpyDtoD,
            cuMemsetD32, cuLaunchKernel, cuEventCreate, cuEventRecord, cuEventSynchronize, cuEventElapsedTime,
            cuEventDestroy, cuGetErrorName;
    /** CUDA graphs (round 12): the padding and the padded-rows forward submitted as one graph launch. */
    private final MethodHandle cuGraphCreate, cuGraphAddKernelNode, cuGraphInstantiate, cuGraphExecKernelNodeSetParams,
            cuGraphLaunch, cuGraphExecDestroy, cuGraphDestroy, cuGraphAddDependencies;
    /**
     * Programmatic dependent launch (round 13, sm_90+): a launch with CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION
     * (the kernels wait for their predecessor's grid with griddepcontrol.wait).
     */
    private final MethodHandle cuLaunchKernelEx;
    /**
     * CUlaunchConfig (56 bytes: grid x y z, block x y z, shared bytes, stream at 32, attrs at 40, numAttrs at 48) and its
     * one CUlaunchAttribute (72 bytes: id, 4 bytes of pad, a 64-byte value), reused by every programmatic launch.
     */
    private final MemorySegment launchConfig = Arena.ofAuto().allocate(56 + 72, 8);
    /** CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION */
    static final int LAUNCH_ATTR_PROGRAMMATIC = 6;

    /**
     * Driver calls made so far by kind (kernel launches, a graph launch counting its kernels, memsets, allocations,
     * frees, copies, context synchronizes):
     * the check counts what one forward or backward call costs the host (issue 15). Plain fields: the scan is driven
     * from one thread, and a count off by a racing thread would only misreport, never misbehave.
     */
    private long launches, memsets, allocs, frees, copies, syncs;

    /** CUDA_KERNEL_NODE_PARAMS (v2): func, grid x y z, block x y z, shared bytes, kernelParams, extra, kern, ctx. */
    static final long KERNEL_NODE_BYTES = 72;

    private CudaDriver(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        cuInit = h(linker, lib, FunctionDescriptor.of(JAVA_INT, JAVA_INT), "cuInit");
        cuDriverGetVersion = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuDriverGetVersion");
        cuDeviceGetCount = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuDeviceGetCount");
        cuDeviceGet = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuDeviceGet");
        cuDeviceGetName = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                "cuDeviceGetName");
        cuDeviceGetAttribute = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                "cuDeviceGetAttribute");
        cuDevicePrimaryCtxRetain = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
                "cuDevicePrimaryCtxRetain");
        cuCtxSetCurrent = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuCtxSetCurrent");
        cuCtxSynchronize = h(linker, lib, FunctionDescriptor.of(JAVA_INT), "cuCtxSynchronize");
        cuModuleLoadData = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cuModuleLoadData");
        cuModuleGetFunction = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS),
                "cuModuleGetFunction");
        cuFuncSetAttribute = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                "cuFuncSetAttribute");
        cuMemAlloc = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), "cuMemAlloc_v2", "cuMemAlloc");
        cuMemFree = h(linker, lib, FunctionDescriptor.of(JAVA_INT, JAVA_LONG), "cuMemFree_v2", "cuMemFree");
        cuMemcpyHtoD = h(linker, lib, FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG),
                "cuMemcpyHtoD_v2", "cuMemcpyHtoD");
        cuMemcpyDtoH = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG),
                "cuMemcpyDtoH_v2", "cuMemcpyDtoH");
        cuMemcpyDtoD = h(linker, lib, FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                "cuMemcpyDtoD_v2", "cuMemcpyDtoD");
        cuMemsetD32 = h(linker, lib, FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG),
                "cuMemsetD32_v2", "cuMemsetD32");
        cuLaunchKernel = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuLaunchKernel");
        cuEventCreate = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuEventCreate");
        cuEventRecord = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cuEventRecord");
        cuEventSynchronize = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuEventSynchronize");
        cuEventElapsedTime = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS),
                "cuEventElapsedTime_v2", "cuEventElapsedTime");
        cuEventDestroy = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuEventDestroy_v2",
                "cuEventDestroy");
        cuGetErrorName = h(linker, lib, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), "cuGetErrorName");
        cuGraphCreate = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuGraphCreate");
        cuGraphAddKernelNode = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG,
                ADDRESS), "cuGraphAddKernelNode_v2");
        cuGraphInstantiate = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG),
                "cuGraphInstantiateWithFlags");
        cuGraphExecKernelNodeSetParams = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS),
                "cuGraphExecKernelNodeSetParams_v2");
        cuGraphLaunch = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cuGraphLaunch");
        cuGraphExecDestroy = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuGraphExecDestroy");
        cuGraphDestroy = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuGraphDestroy");
        cuGraphAddDependencies = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                JAVA_LONG), "cuGraphAddDependencies_v2");
        cuLaunchKernelEx = h(linker, lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS),
                "cuLaunchKernelEx");
        launchConfig.set(ADDRESS, 40, launchConfig.asSlice(56));
        launchConfig.set(JAVA_INT, 48, 1);
        launchConfig.set(JAVA_INT, 56, LAUNCH_ATTR_PROGRAMMATIC);
        launchConfig.set(JAVA_INT, 64, 1);
    }

    /** Opens libcuda.so.1 (or the path in system property medrobust.cuda.lib); throws if it is not there. */
    static CudaDriver open() {
        String name = System.getProperty("medrobust.cuda.lib", "libcuda.so.1");
        SymbolLookup lib;
        try {
            lib = SymbolLookup.libraryLookup(name, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new CudaException("no CUDA driver: " + name + " could not be loaded (" + e.getMessage() + ")", e);
        }
        return new CudaDriver(lib);
    }

    /** The driver calls made so far: {launches, memsets, allocations, frees, copies, synchronizes}. */
    long[] callCounts() {
        return new long[] {launches, memsets, allocs, frees, copies, syncs};
    }

    private static MethodHandle h(Linker linker, SymbolLookup lib, FunctionDescriptor fd, String... names) {
        for (String n : names) {
            var sym = lib.find(n);
            if (sym.isPresent()) {
                return linker.downcallHandle(sym.get(), fd);
            }
        }
        throw new CudaException("libcuda has no symbol " + String.join(" / ", names));
    }

    // ------------------------------------------------------------------------------------------------ calls

    private void check(int result, String call) {
        if (result != 0) {
            throw new CudaException(call + " failed: " + errorName(result) + " (" + result + ")");
        }
    }

    String errorName(int result) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            int r = (int) cuGetErrorName.invokeExact(result, p);
            if (r != 0) {
                return "CUresult " + result;
            }
            return p.get(ADDRESS, 0).reinterpret(256).getString(0, StandardCharsets.US_ASCII);
        } catch (Throwable t) {
            return "CUresult " + result;
        }
    }

    private static CudaException wrap(String call, Throwable t) {
        if (t instanceof CudaException ce) {
            return ce;
        }
        return new CudaException(call + " could not be called: " + t, t);
    }

    void init() {
        try {
            check((int) cuInit.invokeExact(0), "cuInit");
        } catch (Throwable t) {
            throw wrap("cuInit", t);
        }
    }

    int driverVersion() {
        return intOut("cuDriverGetVersion", p -> (int) cuDriverGetVersion.invokeExact(p));
    }

    int deviceCount() {
        return intOut("cuDeviceGetCount", p -> (int) cuDeviceGetCount.invokeExact(p));
    }

    int device(int ordinal) {
        return intOut("cuDeviceGet", p -> (int) cuDeviceGet.invokeExact(p, ordinal));
    }

    String deviceName(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            check((int) cuDeviceGetName.invokeExact(buf, 256, device), "cuDeviceGetName");
            return buf.getString(0, StandardCharsets.US_ASCII);
        } catch (Throwable t) {
            throw wrap("cuDeviceGetName", t);
        }
    }

    int attribute(int attr, int device) {
        return intOut("cuDeviceGetAttribute", p -> (int) cuDeviceGetAttribute.invokeExact(p, attr, device));
    }

    MemorySegment primaryContext(int device) {
        return addrOut("cuDevicePrimaryCtxRetain", p -> (int) cuDevicePrimaryCtxRetain.invokeExact(p, device));
    }

    void setCurrent(MemorySegment ctx) {
        try {
            check((int) cuCtxSetCurrent.invokeExact(ctx), "cuCtxSetCurrent");
        } catch (Throwable t) {
            throw wrap("cuCtxSetCurrent", t);
        }
    }

    void synchronize() {
        syncs++;
        try {
            check((int) cuCtxSynchronize.invokeExact(), "cuCtxSynchronize");
        } catch (Throwable t) {
            throw wrap("cuCtxSynchronize", t);
        }
    }

    /** Loads a PTX (or cubin) image; the driver JIT-compiles PTX for the device. */
    MemorySegment loadModule(byte[] image) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment img = a.allocate(image.length + 1L);
            MemorySegment.copy(image, 0, img, JAVA_BYTE, 0, image.length);
            img.set(JAVA_BYTE, image.length, (byte) 0);
            return addrOut("cuModuleLoadData", p -> (int) cuModuleLoadData.invokeExact(p, img));
        }
    }

    MemorySegment function(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocateFrom(name);
            return addrOut("cuModuleGetFunction(" + name + ")", p -> (int) cuModuleGetFunction.invokeExact(p, module, n));
        }
    }

    void setMaxDynamicShared(MemorySegment function, int bytes) {
        try {
            check((int) cuFuncSetAttribute.invokeExact(function, FUNC_ATTR_MAX_DYNAMIC_SHARED, bytes),
                    "cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES=" + bytes + ")");
        } catch (Throwable t) {
            throw wrap("cuFuncSetAttribute", t);
        }
    }

    long malloc(long bytes) {
        allocs++;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_LONG);
            check((int) cuMemAlloc.invokeExact(p, Math.max(bytes, 4L)), "cuMemAlloc(" + bytes + " bytes)");
            return p.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw wrap("cuMemAlloc", t);
        }
    }

    void free(long ptr) {
        if (ptr == 0) {
            return;
        }
        frees++;
        try {
            check((int) cuMemFree.invokeExact(ptr), "cuMemFree");
        } catch (Throwable t) {
            throw wrap("cuMemFree", t);
        }
    }

    void copyToDevice(long dst, MemorySegment src, long bytes) {
        copies++;
        try {
            check((int) cuMemcpyHtoD.invokeExact(dst, src, bytes), "cuMemcpyHtoD(" + bytes + " bytes)");
        } catch (Throwable t) {
            throw wrap("cuMemcpyHtoD", t);
        }
    }

    void copyToHost(MemorySegment dst, long src, long bytes) {
        copies++;
        try {
            check((int) cuMemcpyDtoH.invokeExact(dst, src, bytes), "cuMemcpyDtoH(" + bytes + " bytes)");
        } catch (Throwable t) {
            throw wrap("cuMemcpyDtoH", t);
        }
    }

    void copyDeviceToDevice(long dst, long src, long bytes) {
        copies++;
        try {
            check((int) cuMemcpyDtoD.invokeExact(dst, src, bytes), "cuMemcpyDtoD(" + bytes + " bytes)");
        } catch (Throwable t) {
            throw wrap("cuMemcpyDtoD", t);
        }
    }

    void memsetD32(long ptr, int value, long count) {
        memsets++;
        try {
            check((int) cuMemsetD32.invokeExact(ptr, value, count), "cuMemsetD32");
        } catch (Throwable t) {
            throw wrap("cuMemsetD32", t);
        }
    }

    /** Launches on the default stream; params is a void*[] of pointers to each argument. */
    void launch(MemorySegment function, String name, int grid, int block, int sharedBytes, MemorySegment params) {
        launch(function, name, grid, 1, block, sharedBytes, params);
    }

    void launch(MemorySegment function, String name, int grid, int gridY, int block, int sharedBytes,
                MemorySegment params) {
        launch(function, name, grid, gridY, block, sharedBytes, params, false);
    }

    /**
     * A launch as above; {@code programmatic} (sm_90+, a kernel that calls griddepcontrol.wait before its first global
     * access): with programmatic stream serialization, so it may start before the kernel ahead of it has finished.
     */
    void launch(MemorySegment function, String name, int grid, int gridY, int block, int sharedBytes,
                MemorySegment params, boolean programmatic) {
        launches++;
        try {
            int r;
            if (programmatic) {
                synchronized (launchConfig) {
                    launchDims(launchConfig, 0, grid, gridY, block, sharedBytes);
                    r = (int) cuLaunchKernelEx.invokeExact(launchConfig, function, params, MemorySegment.NULL);
                }
            } else {
                r = (int) cuLaunchKernel.invokeExact(function, grid, gridY, 1, block, 1, 1, sharedBytes,
                        MemorySegment.NULL, params, MemorySegment.NULL);
            }
            if (r != 0) { // the message is built only on failure: launches of small problems take microseconds
                check(r, "cuLaunchKernel(" + name + ", grid " + grid + "x" + gridY + ", block " + block + ", shared "
                        + sharedBytes + ")");
            }
        } catch (Throwable t) {
            throw wrap("cuLaunchKernel", t);
        }
    }

    /**
     * Writes a kernel node's parameters (CUDA_KERNEL_NODE_PARAMS v2) into {@code node}: one-dimensional blocks,
     * {@code params} a void*[] of pointers to each argument (the driver copies the argument values).
     */
    static void kernelNode(MemorySegment node, MemorySegment function, int grid, int gridY, int block, int sharedBytes,
                           MemorySegment params) {
        node.fill((byte) 0);
        node.set(ADDRESS, 0, function);
        launchDims(node, 8, grid, gridY, block, sharedBytes);
        node.set(ADDRESS, 40, params);
    }

    /**
     * The grid x y z, block x y z and dynamic shared bytes (seven ints from {@code at}) of a kernel node or a
     * CUlaunchConfig: a grid of grid x gridY blocks of {@code block} threads.
     */
    private static void launchDims(MemorySegment s, long at, int grid, int gridY, int block, int sharedBytes) {
        int[] dims = {grid, gridY, 1, block, 1, 1, sharedBytes};
        for (int i = 0; i < dims.length; i++) {
            s.set(JAVA_INT, at + 4L * i, dims[i]);
        }
    }

    /**
     * An instantiated graph of kernels ({@link #graphOfKernels}): the graph (kept for its nodes' handles), its
     * executable graph, and one node per kernel, in launch order.
     */
    record KernelGraph(MemorySegment graph, MemorySegment exec, List<MemorySegment> nodes) {
    }

    /**
     * A graph of kernels run one after the other ({@code kernels}: kernel node parameters of {@link #kernelNode}),
     * instantiated; {@link #graphDestroy} frees it. {@code programmatic} (sm_90+, kernels that call griddepcontrol.wait
     * before reading what the one before writes): programmatic edges, so each kernel may start once every block of the
     * one before has triggered its dependents (griddepcontrol.launch_dependents) and waits for its completion itself.
     */
    KernelGraph graphOfKernels(boolean programmatic, MemorySegment... kernels) {
        MemorySegment graph = addrOut("cuGraphCreate", p -> (int) cuGraphCreate.invokeExact(p, 0));
        List<MemorySegment> nodes = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment previous = a.allocate(ADDRESS), current = a.allocate(ADDRESS);
            // CUgraphEdgeData: from port CU_GRAPH_KERNEL_NODE_PORT_PROGRAMMATIC (1), to port 0, type PROGRAMMATIC (1)
            MemorySegment edge = a.allocate(8);
            edge.set(JAVA_BYTE, 0, (byte) 1);
            edge.set(JAVA_BYTE, 2, (byte) 1);
            for (MemorySegment kernel : kernels) {
                // each node after the one before (final locals: invokeExact checks the static argument types)
                final MemorySegment after = nodes.isEmpty() || programmatic ? MemorySegment.NULL : previous;
                final long afterCount = nodes.isEmpty() || programmatic ? 0 : 1;
                MemorySegment node = addrOut("cuGraphAddKernelNode", p -> (int) cuGraphAddKernelNode.invokeExact(p,
                        graph, after, afterCount, kernel));
                current.set(ADDRESS, 0, node);
                if (programmatic && !nodes.isEmpty()) {
                    check((int) cuGraphAddDependencies.invokeExact(graph, previous, current, edge, 1L),
                            "cuGraphAddDependencies");
                }
                previous.set(ADDRESS, 0, node);
                nodes.add(node);
            }
        } catch (Throwable t) {
            throw wrap("graphOfKernels", t);
        }
        MemorySegment exec = addrOut("cuGraphInstantiate", p -> (int) cuGraphInstantiate.invokeExact(p, graph, 0L));
        return new KernelGraph(graph, exec, List.copyOf(nodes));
    }

    /**
     * New parameters (node parameters of {@link #kernelNode}) of kernel {@code index} of an instantiated graph (the
     * driver copies them; later launches use them).
     */
    void graphSetKernel(KernelGraph g, int index, MemorySegment kernel) {
        try {
            check((int) cuGraphExecKernelNodeSetParams.invokeExact(g.exec(), g.nodes().get(index), kernel),
                    "cuGraphExecKernelNodeSetParams");
        } catch (Throwable t) {
            throw wrap("cuGraphExecKernelNodeSetParams", t);
        }
    }

    /** Launches an instantiated graph on the default stream; counted as its kernel launches. */
    void graphLaunch(KernelGraph g) {
        launches += g.nodes().size();
        try {
            check((int) cuGraphLaunch.invokeExact(g.exec(), MemorySegment.NULL), "cuGraphLaunch");
        } catch (Throwable t) {
            throw wrap("cuGraphLaunch", t);
        }
    }

    /** Frees a graph of {@link #graphOfKernels} (its executable graph first). */
    void graphDestroy(KernelGraph g) {
        try {
            check((int) cuGraphExecDestroy.invokeExact(g.exec()), "cuGraphExecDestroy");
            check((int) cuGraphDestroy.invokeExact(g.graph()), "cuGraphDestroy");
        } catch (Throwable t) {
            throw wrap("cuGraphDestroy", t);
        }
    }

    MemorySegment eventCreate() {
        return addrOut("cuEventCreate", p -> (int) cuEventCreate.invokeExact(p, 0));
    }

    void eventRecord(MemorySegment event) {
        try {
            check((int) cuEventRecord.invokeExact(event, MemorySegment.NULL), "cuEventRecord");
        } catch (Throwable t) {
            throw wrap("cuEventRecord", t);
        }
    }

    /** Milliseconds between two recorded events (waits for the second). */
    float elapsedMs(MemorySegment start, MemorySegment end) {
        try (Arena a = Arena.ofConfined()) {
            check((int) cuEventSynchronize.invokeExact(end), "cuEventSynchronize");
            MemorySegment ms = a.allocate(JAVA_FLOAT);
            check((int) cuEventElapsedTime.invokeExact(ms, start, end), "cuEventElapsedTime");
            return ms.get(JAVA_FLOAT, 0);
        } catch (Throwable t) {
            throw wrap("cuEventElapsedTime", t);
        }
    }

    void eventDestroy(MemorySegment event) {
        try {
            check((int) cuEventDestroy.invokeExact(event), "cuEventDestroy");
        } catch (Throwable t) {
            throw wrap("cuEventDestroy", t);
        }
    }

    @FunctionalInterface
    private interface Call {
        int call(MemorySegment out) throws Throwable;
    }

    private int intOut(String name, Call c) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_INT);
            check(c.call(p), name);
            return p.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw wrap(name, t);
        }
    }

    private MemorySegment addrOut(String name, Call c) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check(c.call(p), name);
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw wrap(name, t);
        }
    }
}
