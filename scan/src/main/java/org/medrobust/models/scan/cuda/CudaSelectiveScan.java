package org.medrobust.models.scan.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** Classpath resource of the PTX (compute_80: every device from sm_80). */
    public static final String PTX_RESOURCE = "/org/medrobust/models/scan/cuda/selective_scan.ptx.gz";
    /**
     * Classpath resource of the same source's PTX for compute_90 (round 13), loaded on sm_90+ devices: the kernels'
     * griddepcontrol instructions of programmatic dependent launch exist only there.
     */
    public static final String PTX_SM90_RESOURCE = "/org/medrobust/models/scan/cuda/selective_scan_sm90.ptx.gz";
    /** System property: states per thread of the forward kernel (1, 2, 4), default 4. */
    public static final String STATES_PER_THREAD_PROPERTY = "medrobust.scan.cuda.statesPerThread";
    /**
     * System property: split L into chunks (one block row each) until the grid has about this many blocks; 0 never
     * splits. Default {@value #DEFAULT_CHUNK_BLOCKS}.
     */
    public static final String CHUNK_BLOCKS_PROPERTY = "medrobust.scan.cuda.chunkBlocks";
    /** Default target of blocks per launch for the L split (4 blocks per SM on a 132-SM H200). */
    public static final int DEFAULT_CHUNK_BLOCKS = 528;

    private static final int FWD_TILE = 64, CHUNK_STEP = 16;
    /** Longest chunk of the one-pass backward: 512 threads x 8 steps. */
    static final int MAX_BWD1_CHUNK = 4096;
    /** Backward grids of at least this many (batch, channel) rows count as full (run 7,
     * docs/selective-scan-history.md). */
    static final int BWD_FULL_ROWS = 1024;
    /** Longest chunk of the single-launch forward: this many threads x 8 steps (docs/selective-scan-history.md,
     * run 9). */
    static final int SINGLE_MAX_THREADS = 128;
    /**
     * ScanParams in selective_scan.cu: 23 pointers, then 16 ints, written in that order by the host (ScanCudaTest reads
     * the struct from the .cu and checks both counts and the order: a pointer declared after the ints shifts every
     * kernel's parameters, as it did in round 10c's first run).
     */
    public static final int PARAM_POINTERS = 23, PARAM_INTS = 16;
    private static final int PARAM_BYTES = (8 * PARAM_POINTERS + 4 * PARAM_INTS + 7) & ~7;
    /**
     * PadRows in selective_scan.cu: src0, src1, dst (pointers at bytes 0-23), then rows, len, stride (ints at 24-35),
     * padded to 8 bytes, as {@code preparePadding} writes them (ScanCudaTest checks the .cu's struct).
     */
    public static final int PAD_PARAM_POINTERS = 3, PAD_PARAM_INTS = 3;
    private static final int PAD_PARAM_BYTES = (8 * PAD_PARAM_POINTERS + 4 * PAD_PARAM_INTS + 7) & ~7;
    /** Streaming multiprocessors the launch rules plan for (an H200: 132; the block target is 4 per SM). */
    static final int PLANNED_SMS = DEFAULT_CHUNK_BLOCKS / 4;
    /** Shared memory of one SM of an H100/H200 (228 KB), and what a single-launch forward block takes besides its
     * B/C staging: s_tot and s_carry (at most 4 warps, 256 states) plus the 1 KB the hardware reserves per block. */
    private static final int SM_SHARED = 228 * 1024, FWD1_FIXED_SHARED = 4 * (2 * 2 * 4 * 4 + 2 * 256) + 1024;
    /** Floats of B (and as many of C) the single-launch forward stages per block at most (16 KB each). */
    private static final int FWD1_STAGE_FLOATS = 4096;

    private static volatile Object state; // Runtime, or Availability when it failed

    private final int statesPerThread;
    private final int blockThreads;
    private final int chunkBlocks;
    private final int backwardChunk;
    private int backwardChannels = 2;
    private int backwardFullRows = BWD_FULL_ROWS;
    /**
     * An unsplit v5 forward writes the chunk-start states of the backward's chunks, which the next backward of the
     * same {@link DeviceScan} reads instead of a chunk-summary launch (default; the check's /w0 turns it off).
     */
    private boolean forwardSavesStates = true;
    /**
     * Single-launch forward: 0 never, 1 where the v5 forward would not fill the GPU and L fits one chunk (default), 2
     * always (longer sequences walk chunks inside the block).
     */
    private int singleLaunch = 1;
    /**
     * States per pass of the single-launch forward with 4 steps per thread (float32): 0 = the rule of
     * {@link #statesPerPass(ScanShape, int, int, InputType)} (default), else 1, 2 or 4 (the check's /pN).
     */
    private int statesPerPass;
    private int singleMaxThreads = SINGLE_MAX_THREADS;
    /**
     * Warp-per-state forward (ssm_fwd1w, round 7): 1 = the rule of {@link #warpStateConfig(ScanShape, InputType)}
     * (default), 0 never, else an instance forced wherever it fits (states per warp x 10 + steps per lane: 24, 28,
     * 44; the check's /xN).
     */
    private int warpForward = 1;
    /**
     * Channels per block of the warp-per-state forward (round 8): 1 = the rule of
     * {@link #warpStateConfig(ScanShape, InputType)} (default), 0 = one channel everywhere, 2 = two wherever an instance
     * exists and the group's channels are even (the check's /nN).
     */
    private int warpChannels = 1;
    /**
     * Whether fp16/bf16 inputs take the warp-per-state forward too (stop 16; default), or keep round 6's L-split v5
     * and single-launch forwards (the check's /u0).
     */
    private boolean warpSixteenBit = true;
    /**
     * Blocks per SM of the two-channel 2 x 4 warp-per-state forward: 0 = the rule (`_b4`, round 9, where the rows need
     * two waves of the 2-blocks-per-SM instance; `_b3`, round 10 (float32) and 11 (16 bits), at 5-6 rows per SM past 256
     * steps; float32 one-channel 2 x 4 and 2 x 8 `_b2`, round 11, at most 2 rows per SM past 256 steps), 4 = `_b4`
     * wherever that instance runs (the check's /o1), 3 = `_b3` wherever it runs (/o3), 2 = float32 `_b2` wherever the
     * one-channel 2 x 4 or 2 x 8 instance runs, and 16-bit `_b2p` (round 12) wherever the 2 x 4 one runs (/o2).
     */
    private int warpBlocksPerSm;
    /**
     * B/C rows padded to whole 16-byte vectors of float32 for `_b2`'s 2 x 4 instance (`_b2p`, round 11b; round 12:
     * fp16/bf16 too, converted as they are padded): 1 = float32 where L is not a multiple of 4, 16 bits wherever that
     * instance runs (default), 0 = never (16 bits: the 3-blocks-per-SM instance), 2 = wherever it runs (/aN).
     */
    private int paddedRows = 1;
    /**
     * On sm_90+, programmatic forward launches take at most ceil(blocks / SMs) blocks per SM, and the padded forward
     * follows its padding by a programmatic edge (round 14, {@link #cappedShared(int, int, int, int)}; default);
     * false: uncapped launches and a plain graph edge (the check's /q0, for A/B).
     */
    private boolean cappedLaunches = true;
    /**
     * The warp-per-state forward also for sequences of at most 256 steps (round 8; default), with 2 steps per lane up
     * to 64 steps and 4 up to 128; false: round 7's rule (from 257 steps; the check's /r0).
     */
    private boolean shortWarpForward = true;
    /**
     * Longest backward chunk at batch 1 (rows below the full grid) after a warp-per-state forward, which then saves
     * the chunk-start states (round 7): 1 = the rule of {@link #oneWaveChunk(int, int, int)} (default), 0 = the
     * 4096-step chunks without saved states, else forced (512, 1024, 2048; the check's /hN).
     */
    private int savedBatch1Chunk = 1;
    /**
     * Warp-per-state backward (ssm_bwd1w, round 8) after a warp-per-state forward that saved its states: 1 = the rule
     * of {@link #warpBackwardInstance(int, int, int)} (default), 0 never (round 7's one-wave chunks), else an instance
     * forced wherever it fits (states per warp x 10 + steps per lane: 24, 28, 44, 48; the check's /jN).
     */
    private int warpBackward = 1;
    /** The default configuration: short sequences that fill few blocks get the small-problem forward (below). */
    private boolean adaptive;
    /**
     * A forward that a backward will follow (dout present, gradients this scan's own) zeroes that backward's
     * accumulated gradients, so the backward is one launch without a memset (default; the check's /z0 turns it off).
     */
    private boolean forwardZeroesGradients = true;
    /** The single-launch forward stages B/C in its whole 16 KB buffers whatever the rows (round 4; the check's /g0). */
    private boolean fullStaging;
    /**
     * Sequences of 129-256 steps: 4 steps per thread (64 threads) in the single-launch forward and the one-channel
     * backward instead of 8 (32 threads): twice the warps where a batch-1 model has 1-3 per SM (default; round 5,
     * run 17: (1,384,16,197) fwd 0.0136 -> 0.0110, fwd+bwd 0.0543 -> 0.0412 ms back to back; the check's /i8).
     */
    private boolean fourStepsTo256 = true;

    /**
     * Defaults (or the system properties): 4 forward states per thread, 128 threads, L split, one-pass backward; a
     * forward over at most 256 steps whose (batch, channel) blocks fill less than half the GPU uses 1 state per
     * thread (16 lanes per channel) and 4x the block target instead (measured fastest there: 0.016-0.021 vs
     * 0.020-0.030 ms for the zoo's batch-1 28x28 shapes, docs/selective-scan-history.md).
     */
    public CudaSelectiveScan() {
        this(Integer.getInteger(STATES_PER_THREAD_PROPERTY, 4), 128,
                Integer.getInteger(CHUNK_BLOCKS_PROPERTY, DEFAULT_CHUNK_BLOCKS));
        this.adaptive = System.getProperty(STATES_PER_THREAD_PROPERTY) == null;
    }

    /**
     * @param statesPerThread         preferred states of h per thread in the forward kernel (1, 2, 4; more only where
     *                                N needs more than 32 lanes)
     * @param blockThreads            preferred threads per block of the forward (power of two, at most 128)
     * @param chunkBlocks             split L into chunks until a forward launch has about this many blocks (0: never)
     */
    public CudaSelectiveScan(int statesPerThread, int blockThreads, int chunkBlocks) {
        this(statesPerThread, blockThreads, chunkBlocks, MAX_BWD1_CHUNK);
    }

    /**
     * As above, with {@code backwardChunk}: the longest chunk (threads x steps per thread, a power of two from 128 to
     * {@value #MAX_BWD1_CHUNK}) of the backward; longer sequences run in several chunks from the forward chunk
     * summaries.
     */
    public CudaSelectiveScan(int statesPerThread, int blockThreads, int chunkBlocks, int backwardChunk) {
        if (Integer.bitCount(statesPerThread) != 1 || statesPerThread > 4 || Integer.bitCount(blockThreads) != 1
                || blockThreads > 128) {
            throw new IllegalArgumentException("statesPerThread in {1,2,4}, blockThreads a power of two <= 128");
        }
        if (Integer.bitCount(backwardChunk) != 1 || backwardChunk < 128 || backwardChunk > MAX_BWD1_CHUNK) {
            throw new IllegalArgumentException("backward chunk a power of two in [128, " + MAX_BWD1_CHUNK + "]: "
                    + backwardChunk);
        }
        if (chunkBlocks < 0) {
            throw new IllegalArgumentException("chunkBlocks must be >= 0: " + chunkBlocks);
        }
        this.statesPerThread = statesPerThread;
        this.blockThreads = blockThreads;
        this.chunkBlocks = chunkBlocks;
        this.backwardChunk = backwardChunk;
    }

    /**
     * Element type of the sequence inputs (u, delta, B, C, z, dout) and of the output. The state, the accumulation,
     * A, D, delta_bias, the last state and every gradient are float32, as in mamba_ssm.
     */
    public enum InputType {
        F32(4, ""), F16(2, "_f16"), BF16(2, "_bf16");

        final int bytes;
        final String suffix;

        InputType(int bytes, String suffix) {
            this.bytes = bytes;
            this.suffix = suffix;
        }

        /** The 16-bit pattern of x in this type, rounded to nearest even (F16, BF16 only). */
        public short bits(float x) {
            if (this == F16) {
                return Float.floatToFloat16(x);
            }
            int b = Float.floatToRawIntBits(x);
            if (Float.isNaN(x)) {
                return (short) ((b >>> 16) | 0x40); // stays a quiet NaN
            }
            return (short) ((b + 0x7FFF + ((b >>> 16) & 1)) >>> 16);
        }

        /** The float value of a 16-bit pattern of this type. */
        public float value(short h) {
            return this == F16 ? Float.float16ToFloat(h) : Float.intBitsToFloat((h & 0xFFFF) << 16);
        }

        /** x rounded to this type (identity for F32). */
        public float round(float x) {
            return this == F32 ? x : value(bits(x));
        }
    }

    /**
     * Device addresses (CUdeviceptr) of a problem's inputs that a caller already holds (0 for an absent optional
     * input, or for dout when only the forward runs): u, delta, B, C, z, dout in the scan's {@link InputType}; A, D,
     * delta_bias float32.
     */
    public record DevicePointers(long u, long delta, long a, long b, long c, long d, long z, long deltaBias,
                                 long dout) {
    }

    /** Device addresses of the gradient buffers (float32; 0 where the input is absent). */
    public record DeviceGradients(long du, long ddelta, long dA, long dB, long dC, long dD, long dz,
                                  long dDeltaBias) {
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
        /** Shared memory of one SM in bytes (CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR). */
        final int sharedPerSm;
        final Map<String, MemorySegment> functions = new HashMap<>();
        final Map<String, Integer> sharedSet = new HashMap<>();

        /** Whether the module is the compute_90 PTX, whose kernels may be launched programmatically. */
        final boolean programmatic;

        private final MemorySegment module;

        Runtime(CudaDriver driver, MemorySegment context, String description, int sms, int sharedPerSm,
                MemorySegment module, boolean programmatic) {
            this.driver = driver;
            this.context = context;
            this.description = description;
            this.multiprocessors = sms;
            this.sharedPerSm = sharedPerSm;
            this.module = module;
            this.programmatic = programmatic;
            function("copy_f4");
        }

        /** The kernel of that name in the PTX module (looked up once). */
        synchronized MemorySegment function(String name) {
            return functions.computeIfAbsent(name, k -> driver.function(module, k));
        }

        synchronized void ensureShared(String kernel, int bytes) {
            if (bytes > 48 * 1024 && sharedSet.getOrDefault(kernel, 0) < bytes) {
                driver.setMaxDynamicShared(function(kernel), bytes);
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
            boolean sm90 = drv.attribute(CudaDriver.ATTR_CC_MAJOR, dev) >= 9;
            MemorySegment module = drv.loadModule(ptx(sm90 ? PTX_SM90_RESOURCE : PTX_RESOURCE));
            int v = drv.driverVersion();
            String desc = drv.deviceName(dev) + " (sm_" + drv.attribute(CudaDriver.ATTR_CC_MAJOR, dev)
                    + drv.attribute(CudaDriver.ATTR_CC_MINOR, dev) + ", " + drv.attribute(CudaDriver.ATTR_SM_COUNT, dev)
                    + " SMs, driver " + v / 1000 + "." + (v % 1000) / 10 + (sm90 ? ", compute_90 PTX" : "") + ")";
            return new Runtime(drv, ctx, desc, drv.attribute(CudaDriver.ATTR_SM_COUNT, dev),
                    drv.attribute(CudaDriver.ATTR_SHARED_PER_SM, dev), module, sm90);
        } catch (CudaException e) {
            return Availability.no(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("CUDA backend failed to start: " + e);
        }
    }

    /**
     * The kernels' PTX text, as shipped: gzip-compressed in the jar (12.7 MB of text, 2.5 MB packed; the checkout,
     * the jar and the GPU bundle stay small).
     */
    public static byte[] ptx() {
        return ptx(PTX_RESOURCE);
    }

    /** The PTX text of one of the shipped modules ({@link #PTX_RESOURCE}, {@link #PTX_SM90_RESOURCE}). */
    public static byte[] ptx(String resource) {
        try (InputStream in = CudaSelectiveScan.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CudaException("PTX resource " + resource + " is missing from the classpath");
            }
            try (InputStream text = new java.util.zip.GZIPInputStream(in)) {
                return text.readAllBytes();
            }
        } catch (IOException e) {
            throw new CudaException("cannot read " + resource + ": " + e.getMessage(), e);
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

    /**
     * How a kernel is launched for a shape: {@code blocks} x {@code chunks} blocks, chunk c covering steps
     * [c * chunkLength, min(L, (c + 1) * chunkLength)); {@code summaryKernel} (null when chunks = 1) summarises
     * the chunks first.
     */
    public record LaunchConfig(String kernel, String summaryKernel, int statesPerThread, int lanes, int channels,
                               int threads, int sharedBytes, int blocks, int chunks, int chunkLength,
                               int stagedStates) {
        LaunchConfig(String kernel, String summaryKernel, int statesPerThread, int lanes, int channels, int threads,
                     int sharedBytes, int blocks, int chunks, int chunkLength) {
            this(kernel, summaryKernel, statesPerThread, lanes, channels, threads, sharedBytes, blocks, chunks,
                    chunkLength, 0);
        }
    }

    /** Forward launch for a shape. */
    public LaunchConfig forwardConfig(ScanShape s) {
        return forwardConfig(s, InputType.F32);
    }

    /** Forward launch for a shape and input type (fp16/bf16 kernels exist for 4 preferred states per thread). */
    public LaunchConfig forwardConfig(ScanShape s, InputType type) {
        LaunchConfig warp = warpStateConfig(s, type);
        if (warp != null) {
            return warp;
        }
        LaunchConfig v5 = v5Config(s, type);
        if (s.dstate() > 256 || singleLaunch == 0) {
            return v5;
        }
        LaunchConfig one = singleLaunchConfig(s, type);
        // by default only where it was measured faster (run 10, docs/selective-scan-history.md): the v5 forward would not
        // fill the GPU, L fits one chunk, and the rows fit one wave of chunkBlocks 128-thread blocks (768 rows of
        // 128 threads at (1,768,16,784,4) lost to the L-split v5: 0.048 vs 0.037 ms)
        // and, against v5's 1-state small-problem kernel up to one 64-step tile (one launch too), only where its
        // one-warp blocks number at least half the block target: 192 rows at (1,192,16,50,1) lost to it in runs 10
        // and 11 (0.018 / 0.017, 0.024 / 0.021 ms)
        boolean v5OneLaunch = adaptive && type == InputType.F32 && s.length() <= FWD_TILE;
        boolean measuredFaster = one.chunks() == 1 && 2 * config(s, statesPerThread, type).blocks() < chunkBlocks
                && (long) one.blocks() * one.threads() <= 128L * chunkBlocks
                && (!v5OneLaunch || 2L * one.blocks() * (one.threads() / 32) >= chunkBlocks);
        return singleLaunch == 2 || measuredFaster ? one : v5;
    }

    /**
     * Single-launch forward (ssm_fwd1): one block per (batch, channel) row, L parallel inside the block, no chunk
     * summaries; the smallest chunk (threads x steps per thread: 32 x 4 up to 128 steps, then 32 ... 128 x 8) that
     * holds L, longer sequences (only when forced) walked chunk after chunk inside the block.
     */
    private LaunchConfig singleLaunchConfig(ScanShape s, InputType type) {
        int items = s.length() <= (fourStepsTo256 ? 256 : 128) ? 4 : 8;
        int threads = 32;
        while (threads * items < s.length() && threads < singleMaxThreads) {
            threads *= 2;
        }
        int chunk = threads * items;
        int rows = s.batch() * s.dim();
        int staged = fullStaging ? FWD1_STAGE_FLOATS / chunk : stagedStates(rows, s.dstate(), chunk);
        int sp = statesPerPass(s, threads, items, type);
        String pass = sp > 1 ? "_p" + sp : "";
        return new LaunchConfig("ssm_fwd1" + type.suffix + "_t" + threads + "_i" + items + pass, null, 0, 1, 1, threads,
                8 * staged * chunk, rows, (s.length() + chunk - 1) / chunk, chunk, staged);
    }

    /**
     * Warp-per-state forward instances: {states per warp, steps per lane, threads per block at most, blocks per SM}
     * (one channel per block; ptxas sm_90: 63, 80, 80, 63 and 78 registers under their launch bounds). Two channels per
     * block exist for the 2-state instances with 4 and 2 steps and for the 4-state one with 2 steps
     * ({@link #TWO_CHANNEL_FORWARDS}), at half the blocks per SM.
     */
    private static final int[][] WARP_FORWARDS = {{2, 4, 256, 4}, {2, 8, 256, 3}, {4, 4, 128, 6}, {2, 2, 256, 4},
            {4, 2, 128, 6}};
    /** The instances of {@link #WARP_FORWARDS} (by index) that also exist with two channels per block. */
    private static final Set<Integer> TWO_CHANNEL_FORWARDS = Set.of(0, 3, 4);
    /** Longest sequence of the warp-per-state forward. */
    static final int WARP_MAX_LENGTH = 4096;
    /** Warps per SM below which the 8-steps-per-lane instance loses to the 4-steps one (run 22: 11.6 lost, 15.5 won). */
    static final int WARP_MIN_WARPS_FOR_8_STEPS = 12;
    /** Rows per SM from which the rule takes two channels per block (round 8, run 4; docs "Round 8 (forward)"). */
    static final int WARP_TWO_CHANNEL_ROWS_PER_SM = 4;
    /** Most rows per SM for which sequences of at most 256 steps take the warp-per-state forward in two waves. */
    static final int WARP_SHORT_MAX_ROWS_PER_SM = 8;
    /**
     * Shortest sequence for which rows of 5-6 per SM take the two-channel 2 x 4 instance at 3 blocks per SM (`_b3`,
     * round 10 in float32, round 11 in 16 bits) instead of 4 x 4 with one channel (16 bits: `_b4`): measured at 784 steps
     * only.
     */
    static final int WARP_THREE_BLOCKS_MIN_LENGTH = 257;
    /**
     * Channels from which the 16-bit `_b4` and `_b3` are not taken (their group division by a float reciprocal is exact
     * below; round 13: the block's row comes from the grid, no longer divided).
     */
    static final int WARP_FLOAT_DIM_LIMIT = 1 << 22;
    /**
     * Most batch rows of a warp-per-state forward: its grid is (channels / channels per block, batch) (round 13), and
     * a grid's second dimension is at most 65535 blocks.
     */
    static final int WARP_MAX_BATCH = 65535;
    /**
     * Most rows per SM for which float32 rows take the one-channel 2 x 4 and 2 x 8 instances at 2 blocks per SM
     * (`_b2`, round 11: the same code with 72 and 91 registers instead of 64 and 77), past
     * {@value #WARP_TWO_BLOCKS_MIN_LENGTH} - 1 steps (measured at 3136 and 3137; level at 196, one chunk).
     */
    static final int WARP_TWO_BLOCKS_MAX_ROWS_PER_SM = 2;
    /** Shortest sequence for `_b2` (above). */
    static final int WARP_TWO_BLOCKS_MIN_LENGTH = 257;

    /**
     * Warp-per-state forward (ssm_fwd1w, rounds 7 and 8): one block per (batch, channel) row (or two rows of one B/C
     * group), one warp per 2 or 4 states walking the rows in chunks of 32 x 2, 4 or 8 steps, the states' carries in
     * registers, no barrier per state. By default where the single-launch rule applies (float32, the v5 forward's
     * blocks fill less than half the block target), up to {@value #WARP_MAX_LENGTH} steps (round 7: from 257 steps;
     * round 8 also shorter ones), with the instance whose blocks fit the rows in one wave: up to 64 steps 2 steps per
     * lane, up to 128 steps 4, beyond that 8 from {@value #WARP_MIN_WARPS_FOR_8_STEPS} warps per SM up to 3 rows per SM;
     * 2 states per warp up to 4 rows per SM, 4 states up to 6; sequences of at most 256 steps with 7-8 rows per SM take
     * 2 states x 4 steps in two waves. Two channels per block (round 8) from {@value #WARP_TWO_CHANNEL_ROWS_PER_SM} rows
     * per SM with 2 states x 4 steps or up to 64 steps, where the group's channels are even. Run 22 (round 7) and
     * runs 2-4 of round 8, docs/selective-scan-history.md. fp16/bf16 inputs take the same instances and rule (stop 16;
     * stop 17: also past 256 steps with too few rows for 8 steps per lane; round 9b: the kernels load the 16-bit
     * elements raw and convert them where they are used; round 10: 16-bit rows past 128 steps at 5-6 rows per SM take
     * the two-channel 2 x 4 instance at 4 blocks per SM where the group's channels are even; round 11: up to 256 steps,
     * past that `_b3` as float32). Round 10, float32 (round 11: 16 bits too): rows of 5-6 per SM past 256 steps (where
     * the rule took 4 x 4 with one channel) take the two-channel 2 x 4 instance at 3 blocks per SM (`_b3`, 32-bit
     * offsets to fit 85 registers) where the group's channels are even: (1,768,16,784,4) 0.0183 -> 0.0171 ms back to
     * back (run R10-3, docs/selective-scan-history.md "Round 10 (fp32 warp-per-state forward)"); fp16 0.0194 -> 0.0168
     * against 16-bit `_b4` (run f16-2, "Round 11 (16-bit forward)"). Null where it does not apply (dstate above 16, more
     * rows).
     */
    LaunchConfig warpStateConfig(ScanShape s, InputType type) {
        if (type != InputType.F32 && !warpSixteenBit || warpForward == 0 || s.length() > WARP_MAX_LENGTH
                || s.batch() > WARP_MAX_BATCH) {
            return null;
        }
        int rows = s.batch() * s.dim();
        int perSm = (rows + PLANNED_SMS - 1) / PLANNED_SMS;
        int[][] w = WARP_FORWARDS;
        int[] inst = null;
        boolean fourPerSm = false; // the two-channel 2 x 4 instance at 4 blocks per SM (_b4) by rule
        boolean threeBlocks = false; // the two-channel 2 x 4 instance at 3 blocks per SM (_b3) by rule
        if (warpForward == 1) {
            int minLength = shortWarpForward ? 1 : 257;
            if (singleLaunch != 1 || s.length() < minLength
                    || 2 * config(s, statesPerThread, type).blocks() >= chunkBlocks) {
                return null;
            }
            boolean enoughWarps = (long) rows * 8 >= (long) WARP_MIN_WARPS_FOR_8_STEPS * PLANNED_SMS;
            // stop 16 kept 16-bit rows past 256 steps too few for 8 steps per lane on the L-split v5 ((1,192,16,3137,1)
            // fp16 0.0573 ms with 2 states x 4 steps, 0.0446 with v5); stop 17 takes the warp-per-state forward there
            // too, since only after it can the warp-per-state backward run: forward + backward back to back 0.1437
            // against 0.1705 ms, the forward alone 0.0576 against 0.0446 (run bwd16-3; run ld16-1, the 16-bit loads
            // raw: 0.0464 forward, 0.1326 forward + backward; round 10, run fwd16-2, the odd rows' B/C words joined late:
            // 0.0355 and 0.1214, v5 0.0341 and 0.1606: a forward-only caller would gain 4 % with v5, not worth a hint)
            // round 8: the shortest chunk that holds L up to 128 steps (2 or 4 steps per lane: one chunk)
            int[] two = s.length() <= 64 ? w[3] : s.length() <= 128 ? w[0] : null;
            int[] four = s.length() <= 64 ? w[4] : w[2];
            inst = two == null && perSm <= w[1][3] && enoughWarps ? w[1]
                    : perSm <= w[0][3] ? (two == null ? w[0] : two) : perSm <= w[2][3] ? four : null;
            if (inst == null && shortWarpForward && s.length() <= 256 && perSm <= WARP_SHORT_MAX_ROWS_PER_SM) {
                inst = w[0]; // two waves (round 8, run 4: (8,128,16,256,1) 0.0124 -> 0.0102 ms with two channels)
                fourPerSm = true; // round 9: in one wave at 4 blocks per SM
            }
            // round 10: 5-6 float32 rows per SM, long rows: 2 x 4 with two channels at 3 blocks per SM, one wave; round
            // 11: 16-bit rows too (16-bit _b3: (1,768,16,784,4) back to back fp16 0.0194 -> 0.0168 ms against round 10's
            // _b4, bf16 0.0195 -> 0.0167, run f16-2)
            threeBlocks = inst == w[2] && s.length() >= WARP_THREE_BLOCKS_MIN_LENGTH
                    && warpChannels != 0 && s.channelsPerGroup() % 2 == 0;
            // round 10: 16-bit rows past 128 steps (round 11: up to 256) at 5-6 per SM (the 4 x 4 instance's) take the
            // two-channel 2 x 4 instance at 4 blocks per SM (one wave) where the group's channels are even:
            // (1,768,16,784,4) back to back fp16 0.0200 -> 0.0193 ms, bf16 0.0201 -> 0.0193 (run fwd16-2)
            if (!threeBlocks && inst == w[2] && type != InputType.F32 && s.length() > 128 && warpChannels == 1
                    && s.channelsPerGroup() % 2 == 0) {
                inst = w[0];
                fourPerSm = true;
            }
            if (threeBlocks) {
                inst = w[0];
            }
        } else {
            inst = instanceByCode(WARP_FORWARDS, warpForward);
        }
        if (inst == null) {
            return null;
        }
        int warps = (s.dstate() + inst[0] - 1) / inst[0];
        if (warps * 32 > inst[2]) {
            return null;
        }
        int chunk = 32 * inst[1], chunks = (s.length() + chunk - 1) / chunk;
        boolean twoExists = TWO_CHANNEL_FORWARDS.contains(Arrays.asList(w).indexOf(inst))
                && s.channelsPerGroup() % 2 == 0;
        boolean twoByRule = warpChannels == 1 && perSm >= WARP_TWO_CHANNEL_ROWS_PER_SM
                && (inst == w[0] || s.length() <= 64);
        int cpb = twoExists && (warpChannels == 2 || twoByRule) ? 2 : 1;
        // round 9: the two-channel 2 x 4 instance at 4 blocks per SM where two waves of it at 2 per SM would run
        // ((8,128,16,256,1): 512 blocks in one wave, 0.0093 -> 0.0086 ms back to back)
        boolean twoByFour = cpb == 2 && inst == w[0];
        // _b3 and _b4 (round 13) index with 32-bit offsets: only where every element offset of u, delta, z, out, B and
        // C fits
        boolean offsets32 = (long) rows * s.length() <= 0xffffffffL
                && (long) s.batch() * s.groups() * s.dstate() * s.length() <= 0xffffffffL;
        // the 16-bit _b4 and _b3 find their block's group by a float reciprocal (round 11, O16_DIV; round 13: the row
        // from the grid): exact below 2^22 channels
        boolean groupByFloat = type == InputType.F32 || s.dim() < WARP_FLOAT_DIM_LIMIT;
        // round 11: float32 one-channel 2 x 4 and 2 x 8 at 2 blocks per SM (more registers, the same code) where the
        // rows fit one wave of it, past 256 steps ((1,192,16,3137,1) 0.0320 -> 0.0309 ms back to back, run F32-3);
        // round 12: the 16-bit 2 x 4 too, always with padded rows (below; 16-bit 2 x 8: no `_b2`)
        boolean twoBlocks = cpb == 1 && (inst == w[0] || type == InputType.F32 && inst == w[1])
                && (warpBlocksPerSm == 2 || warpBlocksPerSm == 0 && perSm <= WARP_TWO_BLOCKS_MAX_ROWS_PER_SM
                && s.length() >= WARP_TWO_BLOCKS_MIN_LENGTH);
        // round 11b: where L is not a multiple of 4 the 2 x 4 `_b2` reads B and C from rows padded to whole 16-byte
        // vectors (written by a pad_rows_f32 launch before it): three of four rows at L = 3137 start off 16 bytes;
        // round 12: 16-bit B and C too, converted to float32 rows as they are padded (pad_rows_f16, pad_rows_bf16), at
        // any L: (1,192,16,3137,1) fp16 0.0342 -> 0.0274 ms back to back, bf16 0.0344 -> 0.0273; (1,192,16,3136,1)
        // fp16 0.0291 -> 0.0272, where the 16-bit rows read in place at 2 blocks per SM took 0.0289 (run A3); without
        // the padding (/a0) the 16-bit 2 x 4 keeps its 3-blocks-per-SM instance (no 16-bit `_b2`)
        boolean padded = twoBlocks && inst == w[0]
                && (paddedRows == 2 || paddedRows == 1 && (type != InputType.F32 || s.length() % 4 != 0));
        String blocksTag = twoByFour && offsets32 && groupByFloat && (fourPerSm || warpBlocksPerSm == 4) ? "_b4"
                : twoByFour && offsets32 && groupByFloat && (threeBlocks || warpBlocksPerSm == 3) ? "_b3"
                : padded ? PADDED_ROWS_SUFFIX : twoBlocks && type == InputType.F32 ? "_b2" : "";
        return new LaunchConfig("ssm_fwd1w" + type.suffix + "_s" + inst[0] + "_i" + inst[1] + "_c" + cpb + blocksTag,
                null, 0, 1, cpb, 32 * warps, 4 * (cpb * 12 * chunk + 2 * cpb * warps * chunk), rows / cpb, chunks, chunk);
    }

    /** Kernel-name suffix of the warp-per-state forward that reads B and C from padded rows (pad_rows_* first). */
    static final String PADDED_ROWS_SUFFIX = "_b2p";

    /**
     * Whether {@code cfg} is a padded-rows forward ({@value #PADDED_ROWS_SUFFIX}). A backward's chunk-summary
     * configuration has no main kernel (null): not padded.
     */
    static boolean readsPaddedRows(LaunchConfig cfg) {
        return cfg.kernel() != null && cfg.kernel().endsWith(PADDED_ROWS_SUFFIX);
    }

    /**
     * The kernel that writes B and C of this input type into padded float32 rows before a
     * {@value #PADDED_ROWS_SUFFIX} forward: pad_rows_f32, pad_rows_f16, pad_rows_bf16.
     */
    static String padRowsKernel(InputType type) {
        return "pad_rows" + (type == InputType.F32 ? "_f32" : type.suffix);
    }

    /** Whether programmatic launches cap their blocks per SM (default; the check's /q0 turns it off). */
    public CudaSelectiveScan cappedLaunches(boolean on) {
        this.cappedLaunches = on;
        return this;
    }

    /**
     * B/C rows padded to whole 16-byte vectors of float32 before the 2 x 4 `_b2` forward: 1 the rule (float32 where L is
     * not a multiple of 4, fp16/bf16 wherever that instance runs), 0 never, 2 wherever it runs (the check's /aN).
     */
    public CudaSelectiveScan warpPaddedRows(int mode) {
        if (mode < 0 || mode > 2) {
            throw new IllegalArgumentException("padded B/C rows 0 (never), 1 (rule) or 2 (always): " + mode);
        }
        this.paddedRows = mode;
        return this;
    }

    /**
     * Whether a scan of this shape and type launches its forward kernels programmatically on sm_90+ (round 13,
     * programmatic dependent launch: a kernel may start while the one before it in the stream finishes, and waits for
     * it with griddepcontrol.wait before its first global access): where the forward is a one-wave kernel (the
     * single-launch and warp-per-state forwards, {@code ssm_fwd1*}: batch-1 rows and (8,128,16,256,1)), whose launch
     * gap is a large share of a call. Runs A21-1, A21-2, back to back: (8,128,16,256,1) fp16 forward 0.0080 -> 0.0069
     * ms, (1,384,16,197,1) 0.0068 -> 0.0058 (float32), (1,192,16,50,1) 0.0045-0.0048 -> 0.0038-0.0041; the full-grid v5
     * forward and its backward stay plain: 1-2 % slower in 16 bits at (64,384,16,197,1) with it. Round 14: these
     * launches cap their blocks per SM ({@link #capsBlocksPerSm}), which took back round 13's one exclusion (the 16-bit
     * one-channel 2 x 8 forward past 2048 steps: at (1,256,16,3136,4) 0.0245 -> 0.0305 ms uncapped in runs F21, V1;
     * capped 0.0235, run Z1). The backward kernels ({@code ssm_bwd*}) launch plain everywhere ({@code
     * DeviceScan.launch}; capped too they still lost, Z1: (1,768,16,49,4) bf16 fwd+bwd 0.0292 -> 0.0462 ms); a
     * backward's chunk-summary launch ({@code ssm_fsum*}, a forward kernel) follows this rule. The padded-rows forward
     * keeps its graph, whose padding node it follows by a programmatic edge (see {@code launchPaddedGraph}).
     */
    public boolean launchesProgrammatically(ScanShape s, InputType type) {
        return forwardConfig(s, type).kernel().startsWith("ssm_fwd1");
    }

    /**
     * Whether a scan's programmatic stream launches cap their blocks per SM (round 14, {@link #cappedShared(int, int,
     * int, int)}): a kernel launched programmatically starts its blocks while the kernel before it still holds SMs, and
     * the block scheduler then stacks them on the SMs that free first, where a one-wave forward's time is that of its
     * fullest SM. Run Z1 (A/B in one run, the 10 batch-1 zoo shapes and (8,128,16,256,1), three types), back to back:
     * the batch-1 forwards at L <= 196 0.0041 -> 0.0038 ms ((1,768,16,49,4) float32) to 0.0043 -> 0.0037
     * ((1,256,16,196,4)), the 16-bit (1,384,16,3136,4) 0.0313 -> 0.0306 and (1,256,16,3136,4) 0.0245 -> 0.0235 (with
     * the 16-bit exclusion of round 13 taken back), (8,128,16,256,1) and L = 784 level. Not float32 rows past {@value
     * #UNCAPPED_F32_LENGTH} steps (level to 2 % slower capped: (1,384,16,3136,4) 0.0326 -> 0.0334; its shared memory
     * carve-out leaves less L1 for the float32 B/C rows, likely); the padded forward's graph is capped in every type.
     */
    public boolean capsBlocksPerSm(ScanShape s, InputType type) {
        return cappedLaunches && !(type == InputType.F32 && s.length() > UNCAPPED_F32_LENGTH);
    }

    /** Float32 rows longer than this launch programmatically without the blocks-per-SM cap (run Z1). */
    static final int UNCAPPED_F32_LENGTH = 2048;

    /**
     * Dynamic shared memory for a programmatic launch of {@code blocks} blocks that lets at most k = ceil(blocks / SMs)
     * of them share an SM ({@link #capsBlocksPerSm}): the largest whole-KB amount at most a (k + 1)-th of the SM's
     * shared memory, so that k + 1 blocks, each with the KB the hardware reserves, do not fit and k do; at least {@code
     * shared}. Only up to {@value #CAPPED_MAX_PER_SM} blocks per SM (the batch-1 rows, where run Z1 measured it): the
     * capped shared memory takes L1 from every block of the SM, more the more blocks there are, and at (8,128,16,256,1)
     * (4 per SM, `_b4`, whose registers hold no fifth) it was level.
     */
    public static int cappedShared(int shared, int blocks, int multiprocessors, int sharedPerSm) {
        int perSm = (blocks + multiprocessors - 1) / multiprocessors;
        return perSm > CAPPED_MAX_PER_SM ? shared : Math.max(shared, sharedPerSm / (perSm + 1) / 1024 * 1024);
    }

    /** Most blocks per SM of a launch that {@link #cappedShared} caps. */
    static final int CAPPED_MAX_PER_SM = 3;

    /** Channels per block of the warp-per-state forward: 1 (the rule), 0 (one), 2 (two where possible; /nN). */
    public CudaSelectiveScan warpChannels(int mode) {
        if (mode < 0 || mode > 2) {
            throw new IllegalArgumentException("warp-per-state forward channels per block 0, 1 (rule) or 2: " + mode);
        }
        this.warpChannels = mode;
        return this;
    }

    /**
     * Blocks per SM of the two-channel 2 x 4 warp-per-state forward: 0 (the rule), 4 (`_b4` wherever it runs; the
     * check's /o1) or 3 (`_b3` wherever it runs; /o3); 2: the float32 one-channel 2 x 4 and 2 x 8 instances at
     * 2 blocks per SM (`_b2`) wherever they run (/o2).
     */
    public CudaSelectiveScan warpBlocksPerSm(int mode) {
        if (mode != 0 && mode != 2 && mode != 3 && mode != 4) {
            throw new IllegalArgumentException("warp-per-state forward blocks per SM 0 (rule), 2, 3 or 4: " + mode);
        }
        this.warpBlocksPerSm = mode;
        return this;
    }

    /** fp16/bf16 inputs on the warp-per-state forward too (stop 16; default) or not (the check's /u0). */
    public CudaSelectiveScan warpSixteenBit(boolean on) {
        this.warpSixteenBit = on;
        return this;
    }

    /** The warp-per-state forward also up to 256 steps (round 8; default) or from 257 only (the check's /r0). */
    public CudaSelectiveScan shortWarpForward(boolean on) {
        this.shortWarpForward = on;
        return this;
    }

    /**
     * Longest batch-1 backward chunk after a warp-per-state forward: 1 (the one-wave rule), 0 (off: 4096 steps, no
     * saved states) or forced 512, 1024, 2048 (the check's /hN).
     */
    public CudaSelectiveScan savedBatch1Chunk(int steps) {
        if (steps != 0 && steps != 1 && steps != 512 && steps != 1024 && steps != 2048) {
            throw new IllegalArgumentException("batch-1 backward chunk after the forward: 0, 1, 512, 1024 or 2048: "
                    + steps);
        }
        this.savedBatch1Chunk = steps;
        return this;
    }

    /** Warp-per-state forward: 1 (the rule), 0 never, or a forced instance (24, 28, 44; the check's /xN). */
    public CudaSelectiveScan warpForward(int mode) {
        this.warpForward = checkedWarpMode(WARP_FORWARDS, mode,
                "warp-per-state forward 0 (never), 1 (rule), 24, 28, 44, 22 or 42: ");
        return this;
    }

    /** The instance whose code (states per warp x 10 + steps per lane, the check's /xN and /jN) is {@code code}. */
    private static int[] instanceByCode(int[][] instances, int code) {
        for (int[] w : instances) {
            if (w[0] * 10 + w[1] == code) {
                return w;
            }
        }
        return null;
    }

    /** {@code mode} if it is 0 (never), 1 (the rule) or an instance's code, else {@code error} + mode is thrown. */
    private static int checkedWarpMode(int[][] instances, int mode, String error) {
        if (mode != 0 && mode != 1 && instanceByCode(instances, mode) == null) {
            throw new IllegalArgumentException(error + mode);
        }
        return mode;
    }

    /** Warps per SM (of {@link #PLANNED_SMS}) up to which the single-launch forward takes 4 states per pass. */
    static final int FOUR_PER_PASS_WARPS = 8;

    /**
     * States per pass of the single-launch forward (independent chains between two barriers): with 4 steps per thread
     * in float32, 4 where its rows give at most {@value #FOUR_PER_PASS_WARPS} warps per SM, else 2 (round 6, run 20,
     * back to back: (1,384,16,197) 0.0132 -> 0.0098 ms with 4, (1,768,16,49,4) 0.0103 -> 0.0094 (5.8 warps per SM);
     * (8,128,16,256) (15.5 warps per SM) 0.0136 -> 0.0124 with 2 but 0.0180 with 4: its 156 registers fit 6 blocks
     * per SM, two waves). 1 otherwise: with 8 steps per thread (128 threads, 1024-step chunks) 2 states per pass were
     * level at (1,384,16,3136,4) and lost at L = 784 (run 20).
     */
    public int statesPerPass(ScanShape s, int threads, int items, InputType type) {
        if (items != 4 || type != InputType.F32) {
            return 1;
        }
        if (statesPerPass > 0) {
            return statesPerPass;
        }
        long warps = (long) s.batch() * s.dim() * (threads / 32);
        return warps <= (long) FOUR_PER_PASS_WARPS * PLANNED_SMS ? 4 : 2;
    }

    /**
     * States of B and C the single-launch forward stages per burst: all of them up to 4096 floats of each, halved
     * (down to 4) while its rows would not fit one wave of {@link #PLANNED_SMS} SMs by shared memory. Round 5:
     * (8,128,16,256) ran its 1024 one-warp blocks with 34 KB of shared memory each, six per SM (792 at a time), so
     * two waves; with 8 states per burst 18 KB, eleven per SM, one wave.
     */
    static int stagedStates(int rows, int dstate, int chunk) {
        if (FWD1_STAGE_FLOATS / chunk <= 4) {
            return FWD1_STAGE_FLOATS / chunk; // a constant in the kernel (a runtime count spilled its 128-thread instance)
        }
        int staged = Math.min(dstate, FWD1_STAGE_FLOATS / chunk);
        long perSm = (rows + PLANNED_SMS - 1) / PLANNED_SMS;
        while (staged > 4 && perSm * (8L * staged * chunk + FWD1_FIXED_SHARED) > SM_SHARED) {
            staged = (staged + 1) / 2;
        }
        return staged;
    }

    /** The v5 forward (and its chunk summaries, which the backward also uses for sequences past its chunk). */
    private LaunchConfig v5Config(ScanShape s, InputType type) {
        if (adaptive && type == InputType.F32 && s.length() <= 256 && chunkBlocks > 0) {
            LaunchConfig c = config(s, statesPerThread, type);
            if (2 * c.blocks() < chunkBlocks) {
                return new CudaSelectiveScan(1, blockThreads, 4 * chunkBlocks, backwardChunk)
                        .config(s, 1, type);
            }
            return c;
        }
        return config(s, type == InputType.F32 ? statesPerThread : 4, type);
    }

    /** Backward launch for a shape (its summary kernel is the adjoint one; the forward summary runs first). */
    public LaunchConfig backwardConfig(ScanShape s) {
        return backwardConfig(s, InputType.F32);
    }

    /** Backward launch for a shape and input type (chunk-start states from a chunk-summary launch). */
    public LaunchConfig backwardConfig(ScanShape s, InputType type) {
        return onePassConfig(s, type, false);
    }

    /**
     * Backward launch after a forward that saved the chunk-start states (an unsplit v5 forward of the same
     * {@link DeviceScan}): on a full grid, shorter chunks (no summary launch to pay for them).
     */
    public LaunchConfig backwardConfigAfterForward(ScanShape s, InputType type) {
        return onePassConfig(s, type, true);
    }

    /** Per-step cost of the longest backward chunks 512, 256, 128 on a full grid, relative (run 15, L = 4096). */
    private static final int[] SAVED_CHUNKS = {512, 256, 128};
    private static final double[] SAVED_CHUNK_COST = {1.0, 1.0244, 1.0862};

    /**
     * Backward (one pass, L parallel inside the block): one block per (batch, channel), the smallest chunk (threads
     * x steps per thread: 32 x 4, then 32 .. 512 x 8) that holds L, at most {@code backwardChunk}. Where the batch
     * and channels alone give {@value #BWD_FULL_ROWS} blocks or more (measured, docs/selective-scan-history.md): chunks of at
     * most 2048 steps (256 threads, two blocks per SM: faster than one 4096-step block of 512 even with the summary
     * launch), and up to 256 steps one block per (batch, two channels) where the group width is even (32 or 64 x 4).
     * {@code chunks} > 1 only for sequences longer than the chunk, which then start from the forward chunk summaries
     * ({@code summaryKernel}, ssm_fsum), or from the chunk-start states the forward saved: full grids after an unsplit
     * v5 forward take short chunks (run 15), batch-1 rows after a warp-per-state forward the longest chunk whose blocks
     * hold the rows in one wave (round 7, {@link #oneWaveChunk(int, int, int)}).
     */
    private LaunchConfig onePassConfig(ScanShape s, InputType type, boolean statesSaved) {
        if (s.dstate() > 256) {
            throw new UnsupportedOperationException("dstate " + s.dstate()
                    + " is too large for the CUDA backward kernel (max 256)");
        }
        // a grid of at least BWD_FULL_ROWS rows fills the GPU without the longest chunks
        boolean full = (long) s.batch() * s.dim() >= backwardFullRows;
        // two channels per block only from 4x the full rows: at 1024 rows ((8,128,16,256)) one channel per block (twice
        // the warps) won, 0.0383 vs 0.0416 ms; from 12288 rows (batch 64) two won, 0.52 vs 0.80 ms at (64,384,16,197)
        // (round 5, run 17; nothing measured between)
        boolean pairs = (long) s.batch() * s.dim() >= 4L * backwardFullRows;
        int chn = full && pairs && backwardChannels == 2 && s.channelsPerGroup() % 2 == 0 && s.length() <= 256 ? 2 : 1;
        int maxChunk = Math.min(backwardChunk, chn == 2 ? 256 : full ? 2048 : MAX_BWD1_CHUNK);
        if (statesSaved && full && chn == 1) {
            // chunk starts come free from the forward: short chunks (fewer warps per block, fewer barrier waits), the
            // one with the least padded work weighted by its per-step cost (run 15: 512 at L = 4096, 256 at 3136,
            // 128 at 3137 and 784; 2048-step chunks were 9-35 % slower there)
            double best = Double.MAX_VALUE;
            int bestChunk = maxChunk;
            for (int i = 0; i < SAVED_CHUNKS.length; i++) {
                if (SAVED_CHUNKS[i] <= maxChunk) {
                    int[] c = chunking(s.length(), SAVED_CHUNKS[i], chn, false);
                    double cost = (double) c[1] * c[2] * c[3] * SAVED_CHUNK_COST[i];
                    if (cost < best) {
                        best = cost;
                        bestChunk = SAVED_CHUNKS[i];
                    }
                }
            }
            maxChunk = bestChunk;
        }
        // batch-1 rows after a warp-per-state forward (stop 17: in every input type; until then a 16-bit batch-1
        // backward kept its one chunk per row and the forward saved no state)
        boolean batch1AfterForward = statesSaved && !full && chn == 1 && savedBatch1Chunk != 0;
        LaunchConfig warpForwardBefore = batch1AfterForward ? forwardConfig(s, type) : null;
        if (warpForwardBefore != null && !warpForwardBefore.kernel().startsWith("ssm_fwd1w_")) {
            warpForwardBefore = null;
        }
        if (warpForwardBefore != null && warpBackward != 0) {
            LaunchConfig warp = warpBackwardConfig(s, warpForwardBefore.chunkLength(), type);
            // only for rows of several chunks: a one-chunk row needs no saved state, so the forward saves none and
            // the backward after it is the plain one-pass kernel (round 8 measured the warp-per-state backward only
            // from saved states; since the forward round also takes rows of <= 256 steps, this keeps those as run)
            if (warp != null && warp.chunks() > 1) {
                return warp;
            }
        }
        if (warpForwardBefore != null) {
            // the warp-per-state forward saves the chunk-start states: chunks short enough for one wave of rows
            maxChunk = savedBatch1Chunk == 1 ? oneWaveChunk(s.length(), s.batch() * s.dim(), maxChunk)
                    : Math.min(maxChunk, savedBatch1Chunk);
        }
        int[] c = chunking(s.length(), maxChunk, chn, fourStepsTo256 && s.length() <= 256);
        int maxThreads = c[0], chunks = c[1], threads = c[2], items = c[3];
        String summary = null;
        if (chunks > 1) {
            summary = v5Config(s, type).kernel().replace("ssm_fwd", "ssm_fsum");
        }
        return new LaunchConfig("ssm_bwd1" + type.suffix + "_t" + maxThreads + "_i" + items + "_c" + chn, summary, 0, 1,
                chn, threads, 0, s.batch() * s.dim() / chn, chunks, threads * items);
    }

    /**
     * Warp-per-state backward instances, widest first: {states per warp, steps per lane, threads per block, blocks per
     * SM under its launch bounds} (ptxas sm_90: 128, 80, 128 and 80 registers).
     */
    static final int[][] WARP_BACKWARDS = {{2, 8, 256, 2}, {2, 4, 256, 3}, {4, 8, 128, 4}, {4, 4, 128, 6}};

    /**
     * The warp-per-state backward's instance for a shape after a warp-per-state forward of chunks of
     * {@code forwardChunk} steps, or null where none applies: its chunk (32 x steps per lane) must be a multiple of the
     * forward's (the forward saves its state at the backward's chunk starts) and its warps must hold every state. By
     * default the widest (most warps per row) whose blocks hold the rows in one wave: 2 states x 8 steps (8 warps) up
     * to 2 rows per SM, 2 x 4 up to 3, 4 x 8 (4 warps) up to 4, 4 x 4 up to 6.
     */
    int[] warpBackwardInstance(int rows, int forwardChunk, int dstate) {
        long perSm = (rows + PLANNED_SMS - 1) / PLANNED_SMS;
        for (int[] w : WARP_BACKWARDS) {
            boolean fits = 32 * w[1] % forwardChunk == 0 && dstate <= w[0] * (w[2] / 32);
            if (fits && (warpBackward == w[0] * 10 + w[1] || warpBackward == 1 && perSm <= w[3])) {
                return w;
            }
        }
        return null;
    }

    /** The warp-per-state backward's launch (ssm_bwd1w), or null where {@link #warpBackwardInstance} gives none. */
    private LaunchConfig warpBackwardConfig(ScanShape s, int forwardChunk, InputType type) {
        int rows = s.batch() * s.dim();
        int[] w = warpBackwardInstance(rows, forwardChunk, s.dstate());
        if (w == null) {
            return null;
        }
        int chunk = 32 * w[1], warps = w[2] / 32, chunks = (s.length() + chunk - 1) / chunk;
        int shared = 4 * ((3 + 3 * warps) * chunk + warps * 64 * (w[1] + 1));
        return new LaunchConfig("ssm_bwd1w" + type.suffix + "_s" + w[0] + "_i" + w[1], null, 0, 1, 1, w[2], shared, rows,
                chunks, chunk);
    }

    /** Warp-per-state backward: 1 (the rule), 0 never, or a forced instance (24, 28, 44, 48; the check's /jN). */
    public CudaSelectiveScan warpBackward(int mode) {
        this.warpBackward = checkedWarpMode(WARP_BACKWARDS, mode,
                "warp-per-state backward 0 (never), 1 (rule), 24, 28, 44 or 48: ");
        return this;
    }

    /**
     * Longest backward chunk (down to 512 steps) whose instance holds the rows in one wave (its 128-register cap
     * gives 512 / threads blocks per SM), or {@code maxChunk} where none does. Run 26, fwd+bwd back to back after the
     * warp-per-state forward: (1,192,16,3137,1) 2048 (two 224-thread blocks per SM) 0.1718 -> 0.1623 ms,
     * (1,384,16,3136,4) 1024 0.2220 -> 0.2066 (2048: two waves, 0.2309), (1,256,16,3136,4) 2048 0.1536 -> 0.1319,
     * (1,768,16,784,4) 512 0.1223 -> 0.1135; (1,512,16,784,4) keeps its one 1024-step chunk (512: 0.0968 against
     * 0.0758: one wave either way, the chunks then run in series).
     */
    private static int oneWaveChunk(int length, int rows, int maxChunk) {
        for (int m = maxChunk; m >= 512; m /= 2) {
            if (rows <= (long) PLANNED_SMS * (512 / chunking(length, m, 1, false)[0])) {
                return m;
            }
        }
        return maxChunk;
    }

    /**
     * The backward's chunking of L under a longest chunk: {kernel instance threads, chunks, launched threads, steps
     * per thread}. The instance is the smallest power-of-two chunk that holds L (up to maxChunk); the launch uses as
     * few whole warps as hold L / chunks steps (a power-of-two chunk padded (1,384,16,3136,4) to 4096 steps and the
     * full grids' L = 3136 to 2 x 2048, 23 % of the work on padding: round 4, run 12).
     */
    private static int[] chunking(int length, int maxChunk, int chn, boolean fourTo256) {
        int chunk = 128;
        while (chunk < length && chunk < maxChunk) {
            chunk *= 2;
        }
        int items = chn == 2 || chunk == 128 || fourTo256 && chunk == 256 ? 4 : 8;
        int chunks = (length + chunk - 1) / chunk;
        int per = (length + chunks - 1) / chunks;
        int threads = Math.min(chunk / items, (per + 32 * items - 1) / (32 * items) * 32);
        return new int[] {chunk / items, chunks, threads, items};
    }

    /** Whether a forward zeroes the next backward's accumulated gradients (the check's /z0 turns it off). */
    CudaSelectiveScan forwardZeroesGradients(boolean on) {
        this.forwardZeroesGradients = on;
        return this;
    }

    /** 4 steps per thread up to 256 steps in the single-launch forward and the one-channel backward (default; /i8 off). */
    CudaSelectiveScan fourStepsTo256(boolean on) {
        this.fourStepsTo256 = on;
        return this;
    }

    /** The single-launch forward's staging as in round 4: the whole 16 KB buffers (the check's /g0). */
    CudaSelectiveScan fullStaging(boolean on) {
        this.fullStaging = on;
        return this;
    }

    /**
     * Driver calls (kernel launches and memsets) of one backward call, in order: a memset of the accumulated
     * gradients unless the forward before it zeroed them ({@code afterForward} and {@link #forwardZeroesGradients}),
     * the chunk-summary launch where the backward has several chunks and no forward saved their start states, the
     * backward kernel. {@link DeviceScan#backward()} follows this list; the GPU check counts its driver calls.
     */
    public List<String> backwardLaunches(ScanShape s, InputType type, boolean afterForward) {
        List<String> r = new ArrayList<>();
        if (!(afterForward && forwardZeroes(s))) {
            r.add("memset");
        }
        boolean saved = afterForward && forwardSavesStates(s, type);
        LaunchConfig cfg = saved ? backwardConfigAfterForward(s, type) : backwardConfig(s, type);
        if (cfg.summaryKernel() != null && !saved) {
            r.add(cfg.summaryKernel());
        }
        r.add(cfg.kernel());
        return r;
    }

    /** Largest zero slab (floats) a forward zeroes for the next backward: 4 MiB, about 1 us of writes. */
    static final long FORWARD_ZERO_MAX_FLOATS = 1L << 20;

    /**
     * Whether a forward with a backward to follow zeroes that backward's accumulated gradients (dA, dD, ddelta_bias,
     * dB, dC): where they are at most {@value #FORWARD_ZERO_MAX_FLOATS} floats, i.e. where the memset's launch costs
     * more than its writes. Larger slabs stay with the backward's memset: run 18, (64,256,16,3136,4) (25.7 M floats),
     * zeroing in the forward made the forward 2.6 % slower (0.9465 vs 0.9228 ms) for the same forward + backward.
     */
    boolean forwardZeroes(ScanShape s) {
        return forwardZeroesGradients && zeroSlabFloats(s) <= FORWARD_ZERO_MAX_FLOATS;
    }

    /** Floats of the zero slab: dA, dD, ddelta_bias, dB, dC, each padded to 64 floats. */
    static long zeroSlabFloats(ScanShape s) {
        return pad64(s.aSize()) + 2 * pad64(s.dim()) + 2 * pad64(s.bcSize());
    }

    private static long pad64(long floats) {
        return (floats + 63) / 64 * 64;
    }

    /**
     * Kernel launches of one forward call, in order (the chunk-summary launch of an L-split forward first; the B/C
     * padding before a {@value #PADDED_ROWS_SUFFIX} forward, the two submitted as one graph launch).
     */
    public List<String> forwardLaunches(ScanShape s, InputType type) {
        LaunchConfig cfg = forwardConfig(s, type);
        return cfg.summaryKernel() != null ? List.of(cfg.summaryKernel(), cfg.kernel())
                : readsPaddedRows(cfg) ? List.of(padRowsKernel(type), cfg.kernel())
                : List.of(cfg.kernel());
    }

    /**
     * Whether a forward (with dout bound, i.e. a backward to follow) saves the chunk-start states of a backward of
     * several chunks: an unsplit v5 forward whose backward, after it, has more than one chunk.
     */
    boolean forwardSavesStates(ScanShape s, InputType type) {
        return savesStatesIfBackwardSplits(forwardConfig(s, type), s)
                && backwardConfigAfterForward(s, type).chunks() > 1;
    }

    /**
     * Whether a forward of this configuration writes the chunk-start states of a backward that has several chunks:
     * an unsplit v5 forward (the one place {@link #forwardSavesStates(ScanShape, InputType)} and the device forward
     * decide it).
     */
    private boolean savesStatesIfBackwardSplits(LaunchConfig forward, ScanShape s) {
        return forwardSavesStates && s.dstate() <= 256 && (forward.chunks() == 1 && forward.kernel().startsWith("ssm_fwd_")
                || savedBatch1Chunk != 0 && forward.kernel().startsWith("ssm_fwd1w_"));
    }

    /** Whether an unsplit forward saves the backward's chunk-start states (the check's /w0 turns it off). */
    CudaSelectiveScan forwardSavesStates(boolean on) {
        this.forwardSavesStates = on;
        return this;
    }

    /** Rows from which the backward's grid counts as full (a check can force either choice on small problems). */
    CudaSelectiveScan backwardFullRows(int rows) {
        this.backwardFullRows = rows;
        return this;
    }

    /**
     * Single-launch forward (dstate <= 256): {@code mode} 0 never, 1 (default) where the v5 forward's blocks fill
     * less than half the block target, L fits one chunk of {@code maxThreads} x 8 steps and the rows fit one wave
     * (rows x threads <= 128 x the block target), 2 always;
     * {@code maxThreads} (32 ... 128, a power of two) bounds its chunk.
     */
    public CudaSelectiveScan singleLaunch(int mode, int maxThreads) {
        if (mode < 0 || mode > 2 || Integer.bitCount(maxThreads) != 1 || maxThreads < 32 || maxThreads > 128) {
            throw new IllegalArgumentException("single-launch forward: mode 0-2, threads a power of two in 32-128");
        }
        this.singleLaunch = mode;
        this.singleMaxThreads = maxThreads;
        return this;
    }

    /** States per pass of the single-launch forward with 4 steps per thread: 0 (the rule), 1, 2 or 4 (float32). */
    public CudaSelectiveScan statesPerPass(int sp) {
        if (sp != 0 && sp != 1 && sp != 2 && sp != 4) {
            throw new IllegalArgumentException("single-launch forward states per pass 0 (rule), 1, 2 or 4: " + sp);
        }
        this.statesPerPass = sp;
        return this;
    }

    /** Channels per block of the backward up to 256 steps: 2 (default, where the group width is even) or 1. */
    CudaSelectiveScan backwardChannels(int channels) {
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("backward channels per block 1 or 2: " + channels);
        }
        this.backwardChannels = channels;
        return this;
    }

    private LaunchConfig config(ScanShape s, int ntPref, InputType type) {
        int n = s.dstate();
        int nt = Math.min(ntPref, ceilPow2(n));
        int lanes = ceilPow2((n + nt - 1) / nt);
        while (lanes > 32) {
            nt *= 2;
            lanes = ceilPow2((n + nt - 1) / nt);
        }
        if (nt > 16) {
            throw new UnsupportedOperationException("dstate " + n + " is too large for the CUDA forward kernel (max "
                    + 32 * 16 + ")");
        }
        int cpg = s.channelsPerGroup();
        int channels = Math.min(Math.max(1, blockThreads / lanes), cpg & -cpg);
        int threads = channels * lanes;
        int np = lanes * nt;
        // dt, dt*u (then y) and u in float rows of 64 + 4 steps, B and C (round 9: fp16/bf16 keep them in 2 bytes and
        // use half of their 4-byte share; the size run 9F-3 measured and checked)
        int shared = 4 * (3 * channels * (FWD_TILE + 4) + 2 * FWD_TILE * np);
        int blocks = s.batch() * (s.dim() / channels);
        int[] split = split(s.length(), blocks);
        String t = type.suffix;
        String summary = split[0] == 1 ? null : "ssm_fsum" + t + "_nt" + nt + "_s" + lanes;
        return new LaunchConfig("ssm_fwd" + t + "_nt" + nt + "_s" + lanes, summary, nt, lanes, channels, threads,
                shared, blocks, split[0], split[1]);
    }

    /**
     * Chunks over L: {count, length}. Only when the (batch, channel) blocks alone are fewer than half the target
     * (measured: splitting a 512-block launch in two made it slower), and only past one 64-step tile (below that the
     * summary launch costs more than it saves); then enough chunks for about {@code chunkBlocks} blocks, each a
     * multiple of 16 steps and at least as long as the number of chunks (each
     * block combines the summaries of the chunks before it in a loop, which must not cost more than its own steps).
     */
    int[] split(int length, int blocks) {
        if (chunkBlocks == 0 || 2 * blocks >= chunkBlocks || length <= FWD_TILE) {
            return new int[] {1, length};
        }
        int want = (chunkBlocks + blocks - 1) / blocks;
        int len = roundUp((length + want - 1) / want, CHUNK_STEP);
        while (len < (length + len - 1) / len) {
            len += CHUNK_STEP;
        }
        int count = (length + len - 1) / len;
        return count == 1 ? new int[] {1, length} : new int[] {count, len};
    }

    private static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
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
        return new DeviceScan(in, dout, InputType.F32);
    }

    /** Copies inputs (and dout, if not null) to the device, the sequence inputs rounded to {@code type}. */
    public DeviceScan upload(ScanInputs in, FloatBuffer dout, InputType type) {
        return new DeviceScan(in, dout, type);
    }

    /**
     * A problem over device memory the caller already holds (nothing is copied; the caller keeps ownership of the
     * inputs). Outputs and gradients are allocated once, on first use, and stay on the device; {@link
     * DeviceScan#bind} points the same scan at new inputs of the same shape, so a loop of calls pays only the kernels.
     */
    public DeviceScan onDevice(ScanShape shape, boolean deltaSoftplus, InputType type, DevicePointers inputs) {
        return new DeviceScan(shape, deltaSoftplus, type, inputs);
    }

    /**
     * One problem resident on the device; outputs and gradient buffers are allocated on first use and reused by every
     * later call (no per-call allocation or host copy: results leave the device only through the download methods).
     */
    public final class DeviceScan implements AutoCloseable {
        private final Runtime rt = runtime();
        private final ScanShape s;
        private final boolean softplus;
        private final InputType type;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment params = arena.allocate(PARAM_BYTES, 8);
        private final MemorySegment paramPtr = arena.allocate(ADDRESS);
        /** pad_rows_*'s parameters (src0, src1, dst, rows, len, stride) and the B/C rows it pads into (float32). */
        private final MemorySegment padParams = arena.allocate(PAD_PARAM_BYTES, 8);
        private final MemorySegment padParamPtr = arena.allocate(ADDRESS);
        private long paddedBC;
        /**
         * The padding and the padded-rows forward as one executable graph (round 12: one host submission instead of
         * two; kernel 0 the padding, 1 the forward), made on first use; the parameter bytes its nodes hold, and the
         * node parameters (CUDA_KERNEL_NODE_PARAMS) made from them.
         */
        private CudaDriver.KernelGraph padGraph;
        private final MemorySegment graphParams = arena.allocate(PARAM_BYTES, 8);
        private final MemorySegment graphPadParams = arena.allocate(PAD_PARAM_BYTES, 8);
        private final MemorySegment padNode = arena.allocate(CudaDriver.KERNEL_NODE_BYTES, 8);
        private final MemorySegment fwdNode = arena.allocate(CudaDriver.KERNEL_NODE_BYTES, 8);
        private long u, delta, a, b, c, d, z, bias, dout;
        private long out, last, du, ddelta, dA, dB, dC, dD, dz, dBias;
        private long hend, sdt, dlast;
        /** One allocation holding dA, dD, ddelta_bias, dB, dC (the gradients the backward adds into): one memset. */
        private long zeroSlab, zeroSlabWords;
        /** Launch configurations of this shape and type, computed on first use (a small call costs microseconds). */
        private LaunchConfig fwdCfg, bwdCfg, bwdSavedCfg;
        private int summaryChunks;
        /** The last forward saved the backward's chunk-start states of the current inputs in hend (not sdt). */
        private boolean statesSaved;
        /** The zero slab holds zeros written by the last forward: the next backward needs no memset. */
        private boolean gradientsZeroed;
        /** {@link #programmatic()}, decided on the first launch. */
        private Boolean programmatic;
        private final java.util.List<Long> owned = new java.util.ArrayList<>();

        DeviceScan(ScanInputs in, FloatBuffer doutBuf, InputType type) {
            this.s = in.shape();
            this.softplus = in.deltaSoftplus();
            this.type = type;
            try {
                u = uploadTyped(in.u());
                delta = uploadTyped(in.delta());
                a = upload(in.a());
                b = uploadTyped(in.b());
                c = uploadTyped(in.c());
                d = upload(in.d());
                z = uploadTyped(in.z());
                bias = upload(in.deltaBias());
                if (doutBuf != null) {
                    if (doutBuf.remaining() != s.sequenceSize()) {
                        throw new IllegalArgumentException("dout must have " + s.sequenceSize() + " elements");
                    }
                    dout = uploadTyped(doutBuf.slice());
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            paramPtr.set(ADDRESS, 0, params);
        }

        DeviceScan(ScanShape shape, boolean softplus, InputType type, DevicePointers p) {
            this.s = shape;
            this.softplus = softplus;
            this.type = type;
            paramPtr.set(ADDRESS, 0, params);
            bind(p);
        }

        /**
         * Points this scan at other inputs of the same shape and type (device addresses the caller holds); which
         * optional inputs are present must not change once gradients were allocated.
         */
        public void bind(DevicePointers p) {
            if (p.u() == 0 || p.delta() == 0 || p.a() == 0 || p.b() == 0 || p.c() == 0) {
                throw new IllegalArgumentException("u, delta, A, B and C device pointers are required");
            }
            if (du != 0 && ((p.d() != 0) != (dD != 0) || (p.z() != 0) != (dz != 0)
                    || (p.deltaBias() != 0) != (dBias != 0))) {
                throw new IllegalArgumentException("bound inputs must keep the optional inputs (D, z, delta_bias) "
                        + "that the allocated gradients were made for");
            }
            statesSaved = false; // other inputs: the next backward needs their forward (or its summary launch)
            u = p.u();
            delta = p.delta();
            a = p.a();
            b = p.b();
            c = p.c();
            d = p.d();
            z = p.z();
            bias = p.deltaBias();
            dout = p.dout();
        }

        /**
         * Makes the forward write its output into caller-held device memory (batch, dim, length in the input type),
         * e.g. a framework tensor, instead of a buffer of its own (0: a buffer of its own, allocated on first use).
         */
        public void bindOutput(long outPointer) {
            out = outPointer;
        }

        /**
         * Makes the backward write its gradients into caller-held float32 device memory (shapes as the inputs; 0 where
         * an input is absent, which must match the bound inputs). Scratch stays this scan's own.
         */
        public void bindGradients(DeviceGradients g) {
            if (g.du() == 0 || g.ddelta() == 0 || g.dA() == 0 || g.dB() == 0 || g.dC() == 0
                    || (g.dD() != 0) != (d != 0) || (g.dz() != 0) != (z != 0) || (g.dDeltaBias() != 0) != (bias != 0)) {
                throw new IllegalArgumentException("gradient pointers must be given for exactly the present inputs");
            }
            du = g.du();
            ddelta = g.ddelta();
            dA = g.dA();
            dB = g.dB();
            dC = g.dC();
            dD = g.dD();
            dz = g.dz();
            dBias = g.dDeltaBias();
            zeroSlab = 0; // caller-held gradients: zeroed one by one
            gradientsZeroed = false;
        }

        /** Device addresses of the inputs (owned by this scan when it was made by upload). */
        public DevicePointers inputPointers() {
            return new DevicePointers(u, delta, a, b, c, d, z, bias, dout);
        }

        /** Device address of the output (batch, dim, length) in the input type, 0 before the first forward. */
        public long outPointer() {
            return out;
        }

        /** Device address of the last state (batch, dim, dstate), float32, 0 before a forward that asked for it. */
        public long lastStatePointer() {
            return last;
        }

        /** Device addresses of the gradients (float32), all 0 before the first backward. */
        public DeviceGradients gradientPointers() {
            return new DeviceGradients(du, ddelta, dA, dB, dC, dD, dz, dBias);
        }

        /** Input element type. */
        public InputType inputType() {
            return type;
        }

        public ScanShape shape() {
            return s;
        }

        private long alloc(long floats) {
            return allocBytes(4 * floats);
        }

        private long allocBytes(long bytes) {
            long p = rt.driver.malloc(bytes);
            owned.add(p);
            return p;
        }

        /** 32-bit words of the output buffer (a 16-bit output of odd length gets one padding half). */
        private long outWords() {
            return ((long) type.bytes * s.sequenceSize() + 3) / 4;
        }

        /** Uploads a sequence input in the scan's input type (rounded to nearest even for fp16/bf16). */
        private long uploadTyped(FloatBuffer buf) {
            if (buf == null || type == InputType.F32) {
                return upload(buf);
            }
            int n = buf.remaining();
            long p = allocBytes(2L * n);
            try (Arena tmp = Arena.ofConfined()) {
                MemorySegment h = tmp.allocate(2L * n, 16);
                for (int i = 0; i < n; i++) {
                    h.setAtIndex(java.lang.foreign.ValueLayout.JAVA_SHORT, i, type.bits(buf.get(buf.position() + i)));
                }
                rt.driver.copyToDevice(p, h, 2L * n);
            }
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

        /** Output (batch, dim, length) to a new array (converted to float for fp16/bf16). */
        public float[] out() {
            float[] r = new float[s.sequenceSize()];
            if (type == InputType.F32) {
                download(out, FloatBuffer.wrap(r), r.length);
                return r;
            }
            try (Arena tmp = Arena.ofConfined()) {
                MemorySegment h = tmp.allocate(2L * r.length, 16);
                rt.driver.copyToHost(h, out, 2L * r.length);
                for (int i = 0; i < r.length; i++) {
                    r[i] = type.value(h.getAtIndex(java.lang.foreign.ValueLayout.JAVA_SHORT, i));
                }
            }
            return r;
        }

        private void writeParams(LaunchConfig cfg, long lastPtr, long dlastPtr) {
            writeParams(cfg, lastPtr, dlastPtr, 0, 0, false, false);
        }

        private void writeParams(LaunchConfig cfg, long lastPtr, long dlastPtr, int saveLen, int saveChunks,
                                 boolean saved, boolean zero) {
            // a padded-rows forward reads B and C from paddedBC ([2][rows][stride], written by pad_rows_* first)
            boolean pad = readsPaddedRows(cfg);
            int stride = pad ? paddedStride() : 0;
            long[] ptrs = {u, delta, a, pad ? paddedBC : b, pad ? paddedBC + 4L * bcRows() * stride : c, d, z, bias, dout,
                out, lastPtr, du, ddelta, dA, dB, dC, dD, dz, dBias, hend, sdt, dlastPtr, zero ? zeroSlab : 0};
            for (int i = 0; i < ptrs.length; i++) {
                params.set(JAVA_LONG, 8L * i, ptrs[i]);
            }
            int[] ints = {s.batch(), s.dim(), s.dstate(), s.length(), s.groups(), softplus ? 1 : 0,
                cfg.channels(), cfg.lanes(), cfg.chunkLength(), cfg.chunks(), saveLen, saveChunks, saved ? 1 : 0,
                zero ? (int) zeroSlabWords : 0, cfg.stagedStates(), stride};
            for (int i = 0; i < ints.length; i++) {
                params.set(JAVA_INT, 8L * PARAM_POINTERS + 4L * i, ints[i]);
            }
        }

        /** Chunk summary buffers for {@code chunks} chunks (kept, grown when a configuration needs more). */
        private void ensureSummaries(int chunks) {
            if (chunks > 1 && chunks > summaryChunks) {
                long rows = (long) s.batch() * s.dim() * chunks;
                hend = alloc(rows * s.dstate());
                sdt = alloc(rows);
                summaryChunks = chunks;
            }
        }

        /** Launches the forward kernel (asynchronous; outputs stay on the device). */
        public void forward(boolean lastState) {
            rt.driver.setCurrent(rt.context);
            if (out == 0) {
                out = allocBytes(4 * outWords());
            }
            if (lastState && last == 0) {
                last = alloc(s.stateSize());
            }
            if (fwdCfg == null) {
                fwdCfg = forwardConfig(s, type);
            }
            LaunchConfig cfg = fwdCfg;
            if (cfg.summaryKernel() != null) {
                ensureSummaries(cfg.chunks());
            }
            // an unsplit v5 forward (full grids) also writes the chunk-start states of a backward of several chunks:
            // the backward then skips its chunk-summary launch (~0.7 of 9.5 ms at (16,1536,16,4096), round 4)
            LaunchConfig save = null;
            if (savesStatesIfBackwardSplits(cfg, s) && dout != 0) {
                if (bwdSavedCfg == null) {
                    bwdSavedCfg = backwardConfigAfterForward(s, type);
                }
                save = bwdSavedCfg.chunks() > 1 ? bwdSavedCfg : null;
            }
            // a backward will follow (dout bound) into gradients of this scan's own: the forward zeroes them, so that
            // backward is one launch without a memset (issue 15, round 5)
            boolean zero = forwardZeroes(s) && dout != 0 && (du == 0 || zeroSlab != 0);
            if (zero) {
                ensureGradients();
            }
            if (save != null) {
                ensureSummaries(save.chunks());
            }
            if (cfg.summaryKernel() != null) {
                writeParams(cfg, lastState ? last : 0, 0);
                launch(cfg.summaryKernel(), cfg.sharedBytes(), cfg);
            }
            boolean pad = readsPaddedRows(cfg);
            if (pad) { // the padded buffer exists before writeParams points the forward at it
                preparePadding();
            }
            writeParams(cfg, lastState ? last : 0, 0, save != null ? save.chunkLength() : 0,
                    save != null ? save.chunks() : 0, false, zero);
            if (pad) {
                launchPaddedGraph(cfg);
            } else {
                launch(cfg.kernel(), cfg.sharedBytes(), cfg);
            }
            statesSaved = save != null;
            gradientsZeroed = zero;
        }

        /** B/C rows of this shape: batch x groups x dstate. */
        private long bcRows() {
            return (long) s.batch() * s.groups() * s.dstate();
        }

        /** Row stride of the padded B/C rows: L rounded up to whole 16-byte vectors of floats. */
        private int paddedStride() {
            return (s.length() + 3) & ~3;
        }

        /** pad_rows_*'s parameters for the bound B and C (the buffer and the shape's fields written once). */
        private void preparePadding() {
            if (paddedBC == 0) { // the buffer and the shape's parameters once; B and C may be rebound between calls
                paddedBC = alloc(4 * padVectors());
                padParams.set(JAVA_LONG, 16, paddedBC);
                padParams.set(JAVA_INT, 24, (int) bcRows());
                padParams.set(JAVA_INT, 28, s.length());
                padParams.set(JAVA_INT, 32, paddedStride());
                padParamPtr.set(ADDRESS, 0, padParams);
            }
            padParams.set(JAVA_LONG, 0, b);
            padParams.set(JAVA_LONG, 8, c);
        }

        /** 16-byte vectors of the padded B and C rows. */
        private long padVectors() {
            return 2 * bcRows() * (paddedStride() / 4);
        }

        /** pad_rows_*'s blocks of 256 threads: one vector a thread, at most 4 blocks per SM (a grid-stride loop). */
        private int padBlocks() {
            return (int) Math.min((padVectors() + 255) / 256, 4L * rt.multiprocessors);
        }

        /**
         * The padding and the padded-rows forward (its parameters in {@code params}) as one graph launch (round 12: one
         * host submission instead of two launches): the graph is made on the first call; a later call whose parameters
         * differ from those its nodes hold (other inputs bound, the last state asked for or not, ...) first updates the
         * changed node. Round 13 (sm_90+, runs A21-1, A21-2 at (1,192,16,3137,1)): a programmatic edge between the two
         * nodes was 7 us slower (fp16 back to back 0.0270 -> 0.0345 ms); the padding and the forward as two
         * programmatic stream launches were faster back to back (fp16 0.0271 -> 0.0255, bf16 0.0272 -> 0.0257, float32
         * 0.0270 -> 0.0254) but slower in single calls (fp16 0.0291 -> 0.0330, bf16 0.0289 -> 0.0360: the second
         * launch's host path), so the graph stayed. Round 14 (sm_90+): the edge's 7 us were the forward's blocks
         * stacked 3 to an SM behind the running padding (up to 2 rows per SM by design); with the blocks capped at 2
         * per SM ({@link CudaSelectiveScan#cappedShared(int, int, int, int)}) the edge lets the forward's prologue
         * overlap the padding: run Y1, back to back, 0.0264-0.0270 -> 0.0257-0.0260 ms in every type (uncapped edge
         * 0.0331-0.0335, the cap alone level), single calls 0.0283-0.0291 -> 0.0276-0.0293 where not timed first.
         */
        private void launchPaddedGraph(LaunchConfig cfg) {
            if (padGraph == null) {
                boolean edge = cappedLaunches && rt.programmatic;
                int columns = gridColumns(cfg.kernel(), cfg), rows = gridRows(cfg.kernel(), cfg);
                int shared = edge ? cappedShared(cfg.sharedBytes(), columns * rows) : cfg.sharedBytes();
                rt.ensureShared(cfg.kernel(), shared);
                CudaDriver.kernelNode(padNode, rt.function(padRowsKernel(type)), padBlocks(), 1, 256, 0, padParamPtr);
                CudaDriver.kernelNode(fwdNode, rt.function(cfg.kernel()), columns, rows, cfg.threads(), shared,
                        paramPtr);
                padGraph = rt.driver.graphOfKernels(edge, padNode, fwdNode);
                graphPadParams.copyFrom(padParams);
                graphParams.copyFrom(params);
            } else {
                if (graphPadParams.mismatch(padParams) >= 0) {
                    rt.driver.graphSetKernel(padGraph, 0, padNode);
                    graphPadParams.copyFrom(padParams);
                }
                if (graphParams.mismatch(params) >= 0) {
                    rt.driver.graphSetKernel(padGraph, 1, fwdNode);
                    graphParams.copyFrom(params);
                }
            }
            rt.driver.graphLaunch(padGraph);
        }

        /** Allocates the gradient buffers (once): du, ddelta, dz, and the zero slab of the accumulated ones. */
        private void ensureGradients() {
            if (du != 0) {
                return;
            }
            du = alloc(s.sequenceSize());
            ddelta = alloc(s.sequenceSize());
            dz = z != 0 ? alloc(s.sequenceSize()) : 0;
            // the accumulated gradients share one allocation (64-float aligned parts), zeroed by one memset (or by
            // the forward before): five memsets cost 5 launches, measurable at batch-1 shapes (issue 15)
            long aW = pad64(s.aSize()), dimW = pad64(s.dim()), bcW = pad64(s.bcSize());
            zeroSlabWords = zeroSlabFloats(s);
            zeroSlab = alloc(zeroSlabWords);
            dA = zeroSlab;
            dD = d != 0 ? zeroSlab + 4 * aW : 0;
            dBias = bias != 0 ? zeroSlab + 4 * (aW + dimW) : 0;
            dB = zeroSlab + 4 * (aW + 2 * dimW);
            dC = dB + 4 * bcW;
        }

        /**
         * Copies the gradient of the last state (batch, dim, dstate) to the device: later {@link #backward()} calls add
         * its contribution (mamba_ssm's dlast_state); null removes it.
         */
        public void dlastState(FloatBuffer g) {
            rt.driver.setCurrent(rt.context);
            if (g == null) {
                dlast = 0;
                return;
            }
            if (g.remaining() != s.stateSize()) {
                throw new IllegalArgumentException("dlast_state must have " + s.stateSize() + " elements");
            }
            dlast = upload(g.slice());
        }

        /** The launch configuration the next {@link #backward()} takes (after a forward that saved states, its own). */
        public LaunchConfig nextBackwardConfig() {
            if (bwdCfg == null) {
                bwdCfg = backwardConfig(s, type);
            }
            return statesSaved ? bwdSavedCfg : bwdCfg;
        }

        /** Launches the backward kernels (asynchronous; needs dout). */
        public void backward() {
            rt.driver.setCurrent(rt.context);
            if (dout == 0) {
                throw new IllegalStateException("backward needs dout: upload(inputs, dout)");
            }
            LaunchConfig cfg = nextBackwardConfig();
            ensureGradients();
            if (gradientsZeroed) {
                gradientsZeroed = false; // the forward before zeroed them: no memset launch
            } else if (zeroSlab != 0) {
                rt.driver.memsetD32(zeroSlab, 0, zeroSlabWords); // every (batch, channel) block adds its share
            } else {
                rt.driver.memsetD32(dA, 0, s.aSize());
                if (dD != 0) {
                    rt.driver.memsetD32(dD, 0, s.dim());
                }
                if (dBias != 0) {
                    rt.driver.memsetD32(dBias, 0, s.dim());
                }
                rt.driver.memsetD32(dB, 0, s.bcSize());
                rt.driver.memsetD32(dC, 0, s.bcSize());
            }
            ensureSummaries(cfg.chunks());
            boolean saved = statesSaved;
            if (cfg.summaryKernel() != null && !saved) {
                // sequences longer than the backward's chunk: forward summaries (hend, sdt) with its chunking
                LaunchConfig f = v5Config(s, type);
                LaunchConfig fs = new LaunchConfig(null, cfg.summaryKernel(), f.statesPerThread(), f.lanes(),
                        f.channels(), f.threads(), f.sharedBytes(), f.blocks(), cfg.chunks(), cfg.chunkLength());
                writeParams(fs, 0, 0);
                launch(fs.summaryKernel(), fs.sharedBytes(), fs);
            }
            writeParams(cfg, 0, dlast, 0, 0, saved, false);
            launch(cfg.kernel(), cfg.sharedBytes(), cfg);
        }

        private void launch(String kernel, int shared, LaunchConfig cfg) {
            int columns = gridColumns(kernel, cfg), rows = gridRows(kernel, cfg);
            boolean early = programmatic() && !kernel.startsWith("ssm_bwd");
            if (early && capsBlocksPerSm(s, type)) {
                shared = cappedShared(shared, columns * rows);
            }
            rt.ensureShared(kernel, shared);
            rt.driver.launch(rt.function(kernel), kernel, columns, rows, cfg.threads(), shared, paramPtr, early);
        }

        private int cappedShared(int shared, int blocks) {
            return CudaSelectiveScan.cappedShared(shared, blocks, rt.multiprocessors, rt.sharedPerSm);
        }

        /**
         * Whether this scan's forward-kernel launches (the chunk summaries included) are programmatic: {@link
         * #launchesProgrammatically} on an sm_90+ device. Its backward kernels launch plain: programmatic, they made
         * forward + backward back to back 3-27 % slower at the batch-1 shapes of several groups (run V1:
         * (1,768,16,49,4) float32 0.0264 -> 0.0317-0.0336 ms, (1,384,16,3136,4) 0.1502 -> 0.1655; with plain backward
         * launches every shape measured was faster than without programmatic launches, but for the one forward round
         * 13 excluded; round 14 caps the blocks per SM and takes it back, run Z1: capped too, programmatic backward
         * launches still lost, e.g. (1,768,16,49,4) bf16 0.0292 -> 0.0462 ms).
         */
        private boolean programmatic() {
            if (programmatic == null) {
                programmatic = rt.programmatic && launchesProgrammatically(s, type);
            }
            return programmatic;
        }

        /**
         * The grid's first dimension of a kernel of {@code cfg}: its blocks, or per batch row for the warp-per-state
         * forward (round 13: its grid is (channels / channels per block, batch), so a block finds its row without a
         * division).
         */
        private int gridColumns(String kernel, LaunchConfig cfg) {
            return kernel.startsWith("ssm_fwd1w") ? cfg.blocks() / s.batch() : cfg.blocks();
        }

        /**
         * The grid's second dimension of a kernel of {@code cfg}: its chunks, 1 where one block walks them all, the
         * batch for the warp-per-state forward ({@link #gridColumns}).
         */
        private int gridRows(String kernel, LaunchConfig cfg) {
            // the one-pass backward walks its chunks inside one block; nothing reads the last chunk's forward summary
            return kernel.startsWith("ssm_fwd1w") ? s.batch()
                    : kernel.startsWith("ssm_bwd1") || kernel.startsWith("ssm_fwd1") ? 1
                    : kernel.startsWith("ssm_fsum") ? cfg.chunks() - 1 : cfg.chunks();
        }

        /**
         * Allocates every output and gradient buffer and fills it with NaN, so a check can prove that a launch writes
         * every element.
         */
        public void poisonOutputs() {
            rt.driver.setCurrent(rt.context);
            int nan = Float.floatToRawIntBits(Float.NaN);
            if (out == 0) {
                out = allocBytes(4 * outWords());
            }
            if (last == 0) {
                last = alloc(s.stateSize());
            }
            // 0x7FC07FC0: a NaN in both 16-bit halves for fp16 and bf16 outputs
            rt.driver.memsetD32(out, type == InputType.F32 ? nan : 0x7FC07FC0, outWords());
            rt.driver.memsetD32(last, nan, s.stateSize());
            if (dout != 0 && (du == 0 || zeroSlab != 0)) {
                ensureGradients();
            }
            if (zeroSlab != 0) { // a backward that adds into what it did not zero first fails the check
                rt.driver.memsetD32(zeroSlab, nan, zeroSlabWords);
                gradientsZeroed = false;
            }
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
            ScanGradients g = new ScanGradients(FloatBuffer.allocate(s.sequenceSize()),
                    FloatBuffer.allocate(s.sequenceSize()), FloatBuffer.allocate(s.aSize()),
                    FloatBuffer.allocate(s.bcSize()), FloatBuffer.allocate(s.bcSize()),
                    dD != 0 ? FloatBuffer.allocate(s.dim()) : null, dz != 0 ? FloatBuffer.allocate(s.sequenceSize()) : null,
                    dBias != 0 ? FloatBuffer.allocate(s.dim()) : null);
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
            if (padGraph != null) {
                try {
                    rt.driver.graphDestroy(padGraph);
                } catch (CudaException ignored) {
                    // destroying after an earlier error: nothing more to do
                }
                padGraph = null;
            }
            for (long p : owned) { // only what this scan allocated: bound inputs stay the caller's
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
        return medianMs(null, work, warmup, iters);
    }

    /**
     * As {@link #medianMs(Runnable, int, int)}, with {@code prep} (untimed, then waited for) before each run, e.g.
     * the forward that a timed backward follows.
     */
    public static double medianMs(Runnable prep, Runnable work, int warmup, int iters) {
        Runtime rt = runtime();
        for (int i = 0; i < warmup; i++) {
            if (prep != null) {
                prep.run();
            }
            work.run();
        }
        rt.driver.synchronize();
        MemorySegment start = rt.driver.eventCreate(), end = rt.driver.eventCreate();
        double[] t = new double[iters];
        try {
            for (int i = 0; i < iters; i++) {
                if (prep != null) {
                    prep.run();
                    rt.driver.synchronize();
                }
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
     * Milliseconds per call of {@code calls} runs of {@code work} queued back to back between two device events (the
     * cost a model pays for a call among the many kernels of its forward: launch latency overlaps the work before
     * it), median of {@code reps} such batches, after two warm-up calls.
     */
    public static double backToBackMs(Runnable work, int calls, int reps) {
        Runtime rt = runtime();
        work.run();
        work.run();
        rt.driver.synchronize();
        MemorySegment start = rt.driver.eventCreate(), end = rt.driver.eventCreate();
        double[] t = new double[reps];
        try {
            for (int r = 0; r < reps; r++) {
                rt.driver.eventRecord(start);
                for (int i = 0; i < calls; i++) {
                    work.run();
                }
                rt.driver.eventRecord(end);
                t[r] = rt.driver.elapsedMs(start, end) / (double) calls;
            }
        } finally {
            rt.driver.eventDestroy(start);
            rt.driver.eventDestroy(end);
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    /**
     * Host microseconds of one call of {@code work} (the time until it returns: the launches are queued, not waited
     * for), median of {@code iters} calls each made on an idle device.
     */
    public static double hostUs(Runnable work, int iters) {
        Runtime rt = runtime();
        double[] t = new double[iters];
        for (int i = 0; i < iters; i++) {
            rt.driver.synchronize();
            long t0 = System.nanoTime();
            work.run();
            t[i] = (System.nanoTime() - t0) / 1e3;
        }
        rt.driver.synchronize();
        Arrays.sort(t);
        return t[iters / 2];
    }

    /** Driver calls made so far: {launches, memsets, allocations, frees, copies, synchronizes} (for the check). */
    static long[] driverCallCounts() {
        return runtime().driver.callCounts();
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
