package org.medrobust.models.scan.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.medrobust.models.scan.Availability;
import org.medrobust.models.scan.ScanGradients;
import org.medrobust.models.scan.ScanInputs;
import org.medrobust.models.scan.ScanShape;
import org.medrobust.models.scan.SelectiveScan;

/**
 * CUDA backend: the kernels of src/main/cuda/selective_scan.cu, shipped as PTX in the jar, loaded through the driver
 * API with java.lang.foreign ({@link CudaDriver}). The driver is touched lazily, on the first
 * {@link #availability()} or call; without libcuda.so.1 or a device the backend reports unavailable with the reason
 * and {@link org.medrobust.models.scan.ScanBackends#auto()} picks the CPU.
 *
 * <p>{@link #forward}/{@link #backward} copy host buffers to the device and back on every call; {@link #upload} keeps
 * tensors on the device for repeated launches (benchmarks, pipelines).
 */
public final class CudaSelectiveScan implements SelectiveScan {

    /** Classpath resource of the PTX. */
    public static final String PTX_RESOURCE = "/org/medrobust/models/scan/cuda/selective_scan.ptx";
    /** System property: states per thread of the forward kernel (1, 2, 4, 8, 16), default 4. */
    public static final String STATES_PER_THREAD_PROPERTY = "medrobust.scan.cuda.statesPerThread";

    private static final int[] FWD_NT = {1, 2, 4, 8, 16};
    private static final int[] BWD_NT = {1, 2, 4};
    private static final int FWD_TILE = 64, BWD_TILE = 16, V4_TILE = 32;
    /** v5 forward instances in the PTX: (states per thread, lanes) specialised at compile time. */
    private static final java.util.Set<String> V5_INSTANCES = java.util.Set.of("ssm_fwd_v5_nt4_s4",
            "ssm_fwd_v5_nt8_s2", "ssm_fwd_v5_nt2_s8", "ssm_fwd_v5_nt16_s1", "ssm_fwd_v5_nt4_s2", "ssm_fwd_v5_nt4_s8",
            "ssm_fwd_v5_nt4_s16", "ssm_fwd_v5_nt1_s16");
    /** Register-capped backward instances (__launch_bounds__(128, m)): ssm_bwd_nt{nt}_m{m}. */
    private static final java.util.Set<String> BWD_CAPPED = java.util.Set.of("ssm_bwd_nt1_m4", "ssm_bwd_nt2_m4",
            "ssm_bwd_nt4_m4", "ssm_bwd_nt1_m6", "ssm_bwd_nt1_m8");
    /** ScanParams in selective_scan.cu: 22 pointers, then 8 ints. */
    private static final int POINTERS = 22, PARAM_BYTES = 8 * POINTERS + 4 * 8;

    private static volatile Object state; // Runtime, or Availability when it failed

    private final int statesPerThread;
    private final int backwardStatesPerThread;
    private int backwardMinBlocks;
    private final int blockThreads;
    private final String forwardVersion;

    /** System property: forward kernel version: v5 (default), v3, v4, or v1 (see docs/selective-scan.md). */
    public static final String FORWARD_VERSION_PROPERTY = "medrobust.scan.cuda.forward";
    /** Forward kernel used unless configured: the fastest measured (docs/selective-scan.md). */
    public static final String DEFAULT_FORWARD_VERSION = "v5";

    /** Defaults: 4 states per thread, 128-thread blocks, the default forward version (or the system properties). */
    public CudaSelectiveScan() {
        this(Integer.getInteger(STATES_PER_THREAD_PROPERTY, 4), 128,
                System.getProperty(FORWARD_VERSION_PROPERTY, DEFAULT_FORWARD_VERSION));
    }

    public CudaSelectiveScan(int statesPerThread, int blockThreads) {
        this(statesPerThread, blockThreads, DEFAULT_FORWARD_VERSION);
    }

    /**
     * @param statesPerThread preferred states of h per thread in the forward kernel (power of two, 1..16)
     * @param blockThreads    preferred threads per block (power of two)
     */
    /**
     * @param forwardVersion v1 (first kernel, 4 states per thread only; kept for comparison), v3, v4 or v5; v4 and v5
     *                       fall back to v3 where they have no instance for the shape
     */
    public CudaSelectiveScan(int statesPerThread, int blockThreads, String forwardVersion) {
        this(statesPerThread, blockThreads, forwardVersion, Math.min(statesPerThread, 4));
    }

    /**
     * @param backwardStatesPerThread states of h per thread in the backward kernel (1, 2 or 4: the tile's states live
     *                                in registers)
     */
    public CudaSelectiveScan(int statesPerThread, int blockThreads, String forwardVersion,
                             int backwardStatesPerThread) {
        if (Integer.bitCount(statesPerThread) != 1 || statesPerThread > 16 || Integer.bitCount(blockThreads) != 1) {
            throw new IllegalArgumentException("statesPerThread in {1,2,4,8,16}, blockThreads a power of two");
        }
        if (Integer.bitCount(backwardStatesPerThread) != 1 || backwardStatesPerThread > 4) {
            throw new IllegalArgumentException("backward states per thread in {1,2,4}: " + backwardStatesPerThread);
        }
        this.backwardStatesPerThread = backwardStatesPerThread;
        if (!java.util.Set.of("v1", "v3", "v4", "v5").contains(forwardVersion)) {
            throw new IllegalArgumentException("forward version must be v1, v3, v4 or v5: " + forwardVersion);
        }
        this.statesPerThread = statesPerThread;
        this.blockThreads = blockThreads;
        this.forwardVersion = forwardVersion;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Availability availability() {
        Object s = runtimeOrReason();
        if (s instanceof Runtime rt) {
            return Availability.yes(rt.description);
        }
        return (Availability) s;
    }

    /** GPU name, compute capability, driver version, or null when unavailable. */
    public static String deviceDescription() {
        Object s = runtimeOrReason();
        return s instanceof Runtime rt ? rt.description : null;
    }

    /** Loaded driver state. */
    static final class Runtime {
        final CudaDriver driver;
        final MemorySegment context;
        final String description;
        final int multiprocessors;
        final Map<String, MemorySegment> functions = new HashMap<>();
        final Map<String, Integer> sharedSet = new HashMap<>();

        Runtime(CudaDriver driver, MemorySegment context, String description, int sms, MemorySegment module) {
            this.driver = driver;
            this.context = context;
            this.description = description;
            this.multiprocessors = sms;
            for (int nt : FWD_NT) {
                functions.put("ssm_fwd_nt" + nt, driver.function(module, "ssm_fwd_nt" + nt));
            }
            for (int nt : BWD_NT) {
                functions.put("ssm_bwd_nt" + nt, driver.function(module, "ssm_bwd_nt" + nt));
            }
            for (String k : BWD_CAPPED) {
                functions.put(k, driver.function(module, k));
            }
            functions.put("copy_f4", driver.function(module, "copy_f4"));
            functions.put("reduce_parts", driver.function(module, "reduce_parts"));
            functions.put("ssm_fwd_v1_nt4", driver.function(module, "ssm_fwd_v1_nt4"));
            for (int nt : new int[] {2, 4, 8}) {
                functions.put("ssm_fwd_v4_nt" + nt, driver.function(module, "ssm_fwd_v4_nt" + nt));
            }
            for (String k : V5_INSTANCES) {
                functions.put(k, driver.function(module, k));
            }
        }

        synchronized void ensureShared(String kernel, int bytes) {
            if (bytes > 48 * 1024 && sharedSet.getOrDefault(kernel, 0) < bytes) {
                driver.setMaxDynamicShared(functions.get(kernel), bytes);
                sharedSet.put(kernel, bytes);
            }
        }
    }

    private static Object runtimeOrReason() {
        Object s = state;
        if (s == null) {
            synchronized (CudaSelectiveScan.class) {
                s = state;
                if (s == null) {
                    s = load();
                    state = s;
                }
            }
        }
        return s;
    }

    private static Object load() {
        try {
            CudaDriver drv = CudaDriver.open();
            drv.init();
            int count = drv.deviceCount();
            if (count < 1) {
                return Availability.no("CUDA driver present but no device (cuDeviceGetCount = 0)");
            }
            int ordinal = Integer.getInteger("medrobust.cuda.device", 0);
            int dev = drv.device(ordinal);
            MemorySegment ctx = drv.primaryContext(dev);
            drv.setCurrent(ctx);
            byte[] ptx = ptx();
            MemorySegment module = drv.loadModule(ptx);
            int v = drv.driverVersion();
            String desc = drv.deviceName(dev) + " (sm_" + drv.attribute(CudaDriver.ATTR_CC_MAJOR, dev)
                    + drv.attribute(CudaDriver.ATTR_CC_MINOR, dev) + ", " + drv.attribute(CudaDriver.ATTR_SM_COUNT, dev)
                    + " SMs, driver " + v / 1000 + "." + (v % 1000) / 10 + ")";
            return new Runtime(drv, ctx, desc, drv.attribute(CudaDriver.ATTR_SM_COUNT, dev), module);
        } catch (CudaException e) {
            return Availability.no(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("CUDA backend failed to start: " + e);
        }
    }

    static byte[] ptx() {
        try (InputStream in = CudaSelectiveScan.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new CudaException("PTX resource " + PTX_RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CudaException("cannot read " + PTX_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static Runtime runtime() {
        Object s = runtimeOrReason();
        if (s instanceof Runtime rt) {
            rt.driver.setCurrent(rt.context);
            return rt;
        }
        throw new CudaException("CUDA backend unavailable: " + ((Availability) s).reason());
    }

    // ------------------------------------------------------------------------------------------------ launch shapes

    /** How a kernel is launched for a shape. */
    public record LaunchConfig(String kernel, int statesPerThread, int lanes, int channels, int threads,
                               int sharedBytes, int blocks) {
    }

    /** Forward launch for a shape. */
    public LaunchConfig forwardConfig(ScanShape s) {
        LaunchConfig c = config(s, statesPerThread, FWD_NT, true);
        int nt = c.statesPerThread(), np = nt * c.lanes(), ch = c.channels();
        if (forwardVersion.equals("v1") && nt == 4) {
            return new LaunchConfig("ssm_fwd_v1_nt4", nt, c.lanes(), ch, c.threads(), c.sharedBytes(), c.blocks());
        }
        String v5 = "ssm_fwd_v5_nt" + nt + "_s" + c.lanes();
        if (forwardVersion.equals("v5") && V5_INSTANCES.contains(v5) && c.threads() % 32 == 0) {
            return new LaunchConfig(v5, nt, c.lanes(), ch, c.threads(), c.sharedBytes(), c.blocks());
        }
        if (forwardVersion.equals("v4") && (nt == 2 || nt == 4 || nt == 8)) {
            int raw = 3 * ch * V4_TILE + 2 * s.dstate() * (V4_TILE + 1); // z assumed present: an upper bound
            int shared = 4 * (2 * raw + 2 * ch * (V4_TILE + 1) + 4 + 2 * V4_TILE * np);
            return new LaunchConfig("ssm_fwd_v4_nt" + nt, nt, c.lanes(), ch, c.threads(), shared, c.blocks());
        }
        return c;
    }

    /**
     * Uses the register-capped backward instance for {@code minBlocks} blocks per SM where the PTX has one (0: the
     * plain kernel).
     */
    public CudaSelectiveScan withBackwardMinBlocks(int minBlocks) {
        this.backwardMinBlocks = minBlocks;
        return this;
    }

    /** Forward kernel version: v1, v3 or v4. */
    public String forwardVersion() {
        return forwardVersion;
    }

    /** Backward launch for a shape (at most 4 states per thread: the tile's states live in registers). */
    public LaunchConfig backwardConfig(ScanShape s) {
        LaunchConfig c = config(s, backwardStatesPerThread, BWD_NT, false);
        String capped = c.kernel() + "_m" + backwardMinBlocks;
        if (backwardMinBlocks > 0 && BWD_CAPPED.contains(capped) && c.threads() <= 128) {
            return new LaunchConfig(capped, c.statesPerThread(), c.lanes(), c.channels(), c.threads(),
                    c.sharedBytes(), c.blocks());
        }
        return c;
    }

    private LaunchConfig config(ScanShape s, int ntPref, int[] allowed, boolean forward) {
        int n = s.dstate();
        int nt = Math.min(ntPref, ceilPow2(n));
        int lanes = ceilPow2((n + nt - 1) / nt);
        while (lanes > 32) {
            nt *= 2;
            lanes = ceilPow2((n + nt - 1) / nt);
        }
        final int chosen = nt;
        if (Arrays.stream(allowed).noneMatch(x -> x == chosen)) {
            throw new UnsupportedOperationException("dstate " + n + " is too large for the CUDA "
                    + (forward ? "forward" : "backward") + " kernel (max " + 32 * allowed[allowed.length - 1] + ")");
        }
        int cpg = s.channelsPerGroup();
        int channels = Math.min(Math.max(1, blockThreads / lanes), cpg & -cpg);
        int threads = channels * lanes;
        int np = lanes * nt;
        int shared = forward ? 4 * (3 * channels * (FWD_TILE + 1) + 4 + 2 * FWD_TILE * np)
                : 4 * (8 * channels * (BWD_TILE + 1) + 2 * BWD_TILE * np + 2 * BWD_TILE * np * (channels + 1)
                        + 2 * channels);
        int blocks = s.batch() * (s.dim() / channels);
        return new LaunchConfig((forward ? "ssm_fwd_nt" : "ssm_bwd_nt") + nt, nt, lanes, channels, threads, shared,
                blocks);
    }

    private static int ceilPow2(int x) {
        return x <= 1 ? 1 : Integer.highestOneBit(x - 1) << 1;
    }

    // ------------------------------------------------------------------------------------------------ SelectiveScan

    @Override
    public void forward(ScanInputs in, FloatBuffer out, FloatBuffer lastState) {
        SelectiveScan.checkForward(in, out, lastState);
        try (DeviceScan ds = upload(in, null)) {
            ds.forward(lastState != null);
            ds.download(ds.out, out, in.shape().sequenceSize());
            if (lastState != null) {
                ds.download(ds.last, lastState, in.shape().stateSize());
            }
        }
    }

    @Override
    public void backward(ScanInputs in, FloatBuffer dout, ScanGradients g) {
        g.check(in);
        ScanShape s = in.shape();
        try (DeviceScan ds = upload(in, dout)) {
            ds.backward();
            ds.download(ds.du, g.du(), s.sequenceSize());
            ds.download(ds.ddelta, g.ddelta(), s.sequenceSize());
            ds.download(ds.dA, g.dA(), s.aSize());
            ds.download(ds.dB, g.dB(), s.bcSize());
            ds.download(ds.dC, g.dC(), s.bcSize());
            if (in.hasD()) {
                ds.download(ds.dD, g.dD(), s.dim());
            }
            if (in.hasZ()) {
                ds.download(ds.dz, g.dz(), s.sequenceSize());
            }
            if (in.hasDeltaBias()) {
                ds.download(ds.dBias, g.dDeltaBias(), s.dim());
            }
        }
    }

    /** Copies inputs (and dout, if not null) to the device. */
    public DeviceScan upload(ScanInputs in, FloatBuffer dout) {
        return new DeviceScan(in, dout);
    }

    /** One problem resident on the device; outputs and gradient buffers are allocated on first use. */
    public final class DeviceScan implements AutoCloseable {
        private final Runtime rt = runtime();
        private final ScanInputs in;
        private final ScanShape s;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment params = arena.allocate(PARAM_BYTES, 8);
        private final MemorySegment paramPtr = arena.allocate(ADDRESS);
        private final long u, delta, a, b, c, d, z, bias;
        private long dout, out, last, du, ddelta, dA, dB, dC, dD, dz, dBias, ckpt, dBPart, dCPart;
        private int parts;
        private final java.util.List<Long> owned = new java.util.ArrayList<>();

        DeviceScan(ScanInputs in, FloatBuffer doutBuf) {
            this.in = in;
            this.s = in.shape();
            try {
                u = upload(in.u());
                delta = upload(in.delta());
                a = upload(in.a());
                b = upload(in.b());
                c = upload(in.c());
                d = upload(in.d());
                z = upload(in.z());
                bias = upload(in.deltaBias());
                if (doutBuf != null) {
                    if (doutBuf.remaining() != s.sequenceSize()) {
                        throw new IllegalArgumentException("dout must have " + s.sequenceSize() + " elements");
                    }
                    dout = upload(doutBuf.slice());
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            paramPtr.set(ADDRESS, 0, params);
        }

        public ScanShape shape() {
            return s;
        }

        private long alloc(long floats) {
            long p = rt.driver.malloc(4 * floats);
            owned.add(p);
            return p;
        }

        private long upload(FloatBuffer buf) {
            if (buf == null) {
                return 0;
            }
            long bytes = 4L * buf.remaining();
            long p = alloc(buf.remaining());
            if (buf.isDirect()) {
                rt.driver.copyToDevice(p, MemorySegment.ofBuffer(buf), bytes);
            } else {
                try (Arena tmp = Arena.ofConfined()) {
                    MemorySegment n = tmp.allocate(bytes, 16);
                    MemorySegment.copy(MemorySegment.ofBuffer(buf), 0, n, 0, bytes);
                    rt.driver.copyToDevice(p, n, bytes);
                }
            }
            return p;
        }

        void download(long src, FloatBuffer dst, int floats) {
            FloatBuffer view = dst.slice(dst.position(), floats);
            long bytes = 4L * floats;
            if (view.isDirect()) {
                rt.driver.copyToHost(MemorySegment.ofBuffer(view), src, bytes);
            } else {
                try (Arena tmp = Arena.ofConfined()) {
                    MemorySegment n = tmp.allocate(bytes, 16);
                    rt.driver.copyToHost(n, src, bytes);
                    MemorySegment.copy(n, 0, MemorySegment.ofBuffer(view), 0, bytes);
                }
            }
        }

        /** Output (batch, dim, length) to a new array. */
        public float[] out() {
            float[] r = new float[s.sequenceSize()];
            download(out, FloatBuffer.wrap(r), r.length);
            return r;
        }

        private void writeParams(LaunchConfig cfg) {
            long[] ptrs = {u, delta, a, b, c, d, z, bias, dout, out, last, du, ddelta, dA, dB, dC, dD, dz, dBias, ckpt,
                dBPart, dCPart};
            for (int i = 0; i < ptrs.length; i++) {
                params.set(JAVA_LONG, 8L * i, ptrs[i]);
            }
            int[] ints = {s.batch(), s.dim(), s.dstate(), s.length(), s.groups(), in.deltaSoftplus() ? 1 : 0,
                cfg.channels(), cfg.lanes()};
            for (int i = 0; i < ints.length; i++) {
                params.set(JAVA_INT, 8L * POINTERS + 4L * i, ints[i]);
            }
        }

        /** Launches the forward kernel (asynchronous; outputs stay on the device). */
        public void forward(boolean lastState) {
            rt.driver.setCurrent(rt.context);
            if (out == 0) {
                out = alloc(s.sequenceSize());
            }
            long keepLast = last;
            if (lastState && last == 0) {
                last = alloc(s.stateSize());
                keepLast = last;
            }
            if (!lastState) {
                last = 0;
            }
            LaunchConfig cfg = forwardConfig(s);
            writeParams(cfg);
            last = keepLast;
            launch(cfg);
        }

        /** Launches the backward kernel (asynchronous; needs dout). */
        public void backward() {
            rt.driver.setCurrent(rt.context);
            if (dout == 0) {
                throw new IllegalStateException("backward needs dout: upload(inputs, dout)");
            }
            LaunchConfig cfg = backwardConfig(s);
            if (du == 0) {
                du = alloc(s.sequenceSize());
                ddelta = alloc(s.sequenceSize());
                dA = alloc(s.aSize());
                dB = alloc(s.bcSize());
                dC = alloc(s.bcSize());
                dD = in.hasD() ? alloc(s.dim()) : 0;
                dz = in.hasZ() ? alloc(s.sequenceSize()) : 0;
                dBias = in.hasDeltaBias() ? alloc(s.dim()) : 0;
                long tiles = (s.length() + BWD_TILE - 1) / BWD_TILE;
                ckpt = alloc((long) s.batch() * s.dim() * tiles * cfg.lanes() * cfg.statesPerThread());
                parts = s.channelsPerGroup() / cfg.channels();
                dBPart = alloc((long) parts * s.bcSize());
                dCPart = alloc((long) parts * s.bcSize());
            }
            rt.driver.memsetD32(dA, 0, s.aSize());
            if (dD != 0) {
                rt.driver.memsetD32(dD, 0, s.dim());
            }
            if (dBias != 0) {
                rt.driver.memsetD32(dBias, 0, s.dim());
            }
            long keepLast = last;
            last = 0;
            writeParams(cfg);
            last = keepLast;
            launch(cfg);
            reduceParts(dBPart, dB);
            reduceParts(dCPart, dC);
        }

        private void reduceParts(long part, long dst) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment args = a.allocate(JAVA_LONG, 4);
                args.set(JAVA_LONG, 0, part);
                args.set(JAVA_LONG, 8, dst);
                args.set(JAVA_INT, 16, parts);
                args.set(JAVA_LONG, 24, (long) s.bcSize());
                MemorySegment ptrs = a.allocate(ADDRESS, 4);
                for (int i = 0; i < 4; i++) {
                    ptrs.setAtIndex(ADDRESS, i, args.asSlice(i == 3 ? 24 : 8L * i));
                }
                int blocks = (int) Math.min(rt.multiprocessors * 8L, (s.bcSize() + 255) / 256);
                rt.driver.launch(rt.functions.get("reduce_parts"), "reduce_parts", Math.max(1, blocks), 256, 0, ptrs);
            }
        }

        private void launch(LaunchConfig cfg) {
            rt.ensureShared(cfg.kernel(), cfg.sharedBytes());
            rt.driver.launch(rt.functions.get(cfg.kernel()), cfg.kernel(), cfg.blocks(), cfg.threads(),
                    cfg.sharedBytes(), paramPtr);
        }

        /**
         * Allocates every output and gradient buffer and fills it with NaN, so a check can prove that a launch writes
         * every element.
         */
        public void poisonOutputs() {
            rt.driver.setCurrent(rt.context);
            int nan = Float.floatToRawIntBits(Float.NaN);
            if (out == 0) {
                out = alloc(s.sequenceSize());
            }
            if (last == 0) {
                last = alloc(s.stateSize());
            }
            rt.driver.memsetD32(out, nan, s.sequenceSize());
            rt.driver.memsetD32(last, nan, s.stateSize());
            if (du != 0) {
                rt.driver.memsetD32(du, nan, s.sequenceSize());
                rt.driver.memsetD32(ddelta, nan, s.sequenceSize());
                if (dz != 0) {
                    rt.driver.memsetD32(dz, nan, s.sequenceSize());
                }
            }
        }

        /** Last state (batch, dim, dstate) to a new array (after {@code forward(true)}). */
        public float[] lastState() {
            float[] r = new float[s.stateSize()];
            download(last, FloatBuffer.wrap(r), r.length);
            return r;
        }

        /** Gradients to new heap buffers (after {@link #backward()}). */
        public ScanGradients gradients() {
            ScanGradients g = ScanGradients.allocate(in);
            download(du, g.du(), s.sequenceSize());
            download(ddelta, g.ddelta(), s.sequenceSize());
            download(dA, g.dA(), s.aSize());
            download(dB, g.dB(), s.bcSize());
            download(dC, g.dC(), s.bcSize());
            if (dD != 0) {
                download(dD, g.dD(), s.dim());
            }
            if (dz != 0) {
                download(dz, g.dz(), s.sequenceSize());
            }
            if (dBias != 0) {
                download(dBias, g.dDeltaBias(), s.dim());
            }
            return g;
        }

        /** Waits for the device. */
        public void synchronize() {
            rt.driver.synchronize();
        }

        @Override
        public void close() {
            for (long p : owned) {
                try {
                    rt.driver.free(p);
                } catch (CudaException ignored) {
                    // freeing after an earlier error: nothing more to do
                }
            }
            owned.clear();
            arena.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ timing

    /** Median milliseconds of {@code iters} timed runs of {@code work} (device events), after {@code warmup} runs. */
    public static double medianMs(Runnable work, int warmup, int iters) {
        Runtime rt = runtime();
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        rt.driver.synchronize();
        MemorySegment start = rt.driver.eventCreate(), end = rt.driver.eventCreate();
        double[] t = new double[iters];
        try {
            for (int i = 0; i < iters; i++) {
                rt.driver.eventRecord(start);
                work.run();
                rt.driver.eventRecord(end);
                t[i] = rt.driver.elapsedMs(start, end);
            }
        } finally {
            rt.driver.eventDestroy(start);
            rt.driver.eventDestroy(end);
        }
        Arrays.sort(t);
        return t[iters / 2];
    }

    /**
     * Copy bandwidth of the device in bytes per second, counting bytes read plus bytes written, from cuMemcpyDtoD of
     * {@code bytes} (median of 20).
     */
    public static double copyBandwidth(long bytes) {
        Runtime rt = runtime();
        long src = rt.driver.malloc(bytes), dst = rt.driver.malloc(bytes);
        try {
            rt.driver.memsetD32(src, 0x3f800000, bytes / 4);
            double ms = medianMs(() -> rt.driver.copyDeviceToDevice(dst, src, bytes), 3, 20);
            return 2.0 * bytes / (ms * 1e-3);
        } finally {
            rt.driver.free(src);
            rt.driver.free(dst);
        }
    }
}
