package org.medrobust.models.scan.cpu;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.medrobust.models.scan.Availability;
import org.medrobust.models.scan.ScanFault;
import org.medrobust.models.scan.ScanGradients;
import org.medrobust.models.scan.ScanInputs;
import org.medrobust.models.scan.ScanShape;
import org.medrobust.models.scan.SelectiveScan;

/**
 * float32 CPU backend. Work is split over (batch, channel) rows (forward) or channel ranges (backward) across
 * {@code threads} workers; each row streams through per-worker scratch (O(length + chunk * dstate) floats), so inputs
 * may be heap or direct buffers (the DJL bridge passes tensor memory in place). The state dimension is SIMD
 * (jdk.incubator.vector when present, else plain loops). Backward keeps one state checkpoint per chunk of
 * {@code chunk} steps and recomputes each chunk's states, as mamba_ssm does, so memory per row is
 * O(length / chunk * dstate + chunk * dstate) instead of O(length * dstate).
 */
public final class CpuSelectiveScan implements SelectiveScan, AutoCloseable {

    /** Which inner loops to use. */
    public enum Kernel {
        /** jdk.incubator.vector (needs --add-modules jdk.incubator.vector). */
        VECTOR,
        /** Plain Java loops (C2 auto-vectorisation). */
        SCALAR;

        public static Kernel parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** System property choosing the kernel: vector|scalar (default: vector when the module is present). */
    public static final String KERNEL_PROPERTY = "medrobust.scan.cpu.kernel";

    /** Channel blocks of the backward's dB/dC sums: fixed, so results do not depend on the thread count. */
    private static final int REDUCTION_BLOCKS = 8;

    private final int threads;
    private final int chunk;
    private final ChunkKernel kernel;
    private volatile ForkJoinPool pool;

    /** All available processors, the default kernel, chunks of 64 steps. */
    public CpuSelectiveScan() {
        this(Runtime.getRuntime().availableProcessors(), defaultKernel(), 64);
    }

    public CpuSelectiveScan(int threads) {
        this(threads, defaultKernel(), 64);
    }

    /**
     * @param threads workers (1 runs in the calling thread)
     * @param kernel  VECTOR falls back to SCALAR when jdk.incubator.vector is not in the boot layer
     * @param chunk   backward recomputation chunk, in steps
     */
    public CpuSelectiveScan(int threads, Kernel kernel, int chunk) {
        if (threads < 1 || chunk < 1) {
            throw new IllegalArgumentException("threads and chunk must be >= 1");
        }
        this.threads = threads;
        this.chunk = chunk;
        this.kernel = kernel == Kernel.VECTOR && vectorModulePresent() ? VectorChunkKernel.INSTANCE
                : ScalarChunkKernel.INSTANCE;
    }

    /** One backend for the whole JVM (its worker pool lives as long as the JVM), created on first use. */
    public static CpuSelectiveScan shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final CpuSelectiveScan INSTANCE = new CpuSelectiveScan();
    }

    /** Whether jdk.incubator.vector is resolved in this JVM. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** VECTOR unless the property says scalar or the module is absent. */
    public static Kernel defaultKernel() {
        String p = System.getProperty(KERNEL_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Kernel.parse(p);
        }
        return vectorModulePresent() ? Kernel.VECTOR : Kernel.SCALAR;
    }

    /** Kernel actually used: vector512, vector256, ... or scalar. */
    public String kernelName() {
        return kernel.name();
    }

    public int threads() {
        return threads;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Availability availability() {
        return Availability.yes("float32, " + threads + " thread(s), kernel " + kernel.name());
    }

    @Override
    public void close() {
        ForkJoinPool p = pool;
        if (p != null) {
            p.shutdown();
        }
    }

    // ------------------------------------------------------------------------------------------------ forward

    @Override
    public void forward(ScanInputs in, FloatBuffer outBuf, FloatBuffer lastBuf) {
        forward(in, outBuf, lastBuf, null, null);
    }

    /**
     * {@link #forward(ScanInputs, FloatBuffer, FloatBuffer)} with a transient bit flip inside the scan (fault
     * injection): every batch row of the fault's channel runs its chunks up to the fault's step, takes the flip, and
     * goes on from the faulty value; the other rows run exactly as without a fault. {@code hits}, when not null,
     * receives one {@link ScanFault.Hit} per batch row (in batch order). A null fault is the plain scan.
     */
    public void forward(ScanInputs in, FloatBuffer outBuf, FloatBuffer lastBuf, ScanFault fault,
                        List<ScanFault.Hit> hits) {
        SelectiveScan.checkForward(in, outBuf, lastBuf);
        if (fault != null) {
            fault.check(in.shape());
        }
        ScanFault.Hit[] rowHits = fault == null ? null : new ScanFault.Hit[in.shape().batch()];
        FloatBuffer out = outBuf.slice();
        FloatBuffer last = lastBuf == null ? null : lastBuf.slice();
        ScanShape s = in.shape();
        float[] a = array(in.a());
        float[] bt = transposeBc(in.b(), s);
        float[] ct = transposeBc(in.c(), s);
        int rows = s.batch() * s.dim();
        run(rows, (from, to) -> {
            Row r = new Row(s.length(), s.dstate(), chunk, false);
            for (int row = from; row < to; row++) {
                forwardRow(in, s, row, a, bt, ct, r, out, last, fault, rowHits);
            }
        });
        if (hits != null && rowHits != null) {
            hits.addAll(List.of(rowHits));
        }
    }

    private void forwardRow(ScanInputs in, ScanShape s, int row, float[] a, float[] bt, float[] ct, Row r,
                            FloatBuffer out, FloatBuffer last, ScanFault fault, ScanFault.Hit[] hits) {
        int len = s.length(), n = s.dstate();
        int b = row / s.dim(), d = row % s.dim();
        int off = row * len;
        in.u().get(off, r.u, 0, len);
        in.delta().get(off, r.tmp, 0, len);
        float bias = in.hasDeltaBias() ? in.deltaBias().get(d) : 0f;
        kernel.prologue(len, r.tmp, bias, in.deltaSoftplus(), r.u, r.dt, r.dtu, null);
        java.util.Arrays.fill(r.h, 0f);
        int bcOff = (b * s.groups() + s.groupOf(d)) * len * n;
        if (fault != null && fault.channel() == d) {
            hits[b] = faultyRow(n, len, fault, a, d * n, bt, ct, bcOff, b, r);
        } else {
            for (int t0 = 0; t0 < len; t0 += chunk) {
                kernel.scanChunk(n, t0, Math.min(chunk, len - t0), r.dt, r.dtu, a, d * n, bt, ct, bcOff, r.h, r.y,
                        null, null, r.parts);
            }
        }
        float[] z = null;
        if (in.hasZ()) {
            in.z().get(off, r.z, 0, len);
            z = r.z;
        }
        kernel.epilogue(len, r.y, in.hasD() ? in.d().get(d) : 0f, r.u, z, r.tmp);
        out.put(off, r.tmp, 0, len);
        if (last != null) {
            last.put(row * n, r.h, 0, n);
        }
    }

    /**
     * One row's chunks with the fault: the chunk holding the fault's step is cut after it (a step's arithmetic does
     * not depend on where its chunk starts, so every value before the fault is the plain scan's, bit for bit), the
     * state or readout takes the flip, and the rest runs from there. A state flip re-reads y_t = C_t . h_t in plain
     * order from the faulty state.
     */
    private ScanFault.Hit faultyRow(int n, int len, ScanFault fault, float[] a, int aOff, float[] bt, float[] ct,
                                    int bcOff, int batch, Row r) {
        int t = fault.step();
        for (int t0 = 0; t0 <= t; t0 += chunk) {
            int count = Math.min(chunk, t + 1 - t0);
            kernel.scanChunk(n, t0, count, r.dt, r.dtu, a, aOff, bt, ct, bcOff, r.h, r.y, null, null, r.parts);
        }
        ScanFault.Hit hit;
        if (fault.target() == ScanFault.Target.STATE) {
            int k = fault.state();
            hit = new ScanFault.Hit(batch, r.h[k], fault.flip(r.h[k]));
            r.h[k] = hit.after();
            float acc = 0f;
            for (int j = 0; j < n; j++) {
                acc += ct[bcOff + t * n + j] * r.h[j];
            }
            r.y[t] = acc;
        } else {
            hit = new ScanFault.Hit(batch, r.y[t], fault.flip(r.y[t]));
            r.y[t] = hit.after();
        }
        for (int t0 = t + 1; t0 < len; t0 += chunk) {
            kernel.scanChunk(n, t0, Math.min(chunk, len - t0), r.dt, r.dtu, a, aOff, bt, ct, bcOff, r.h, r.y, null,
                    null, r.parts);
        }
        return hit;
    }

    // ------------------------------------------------------------------------------------------------ backward

    @Override
    public void backward(ScanInputs in, FloatBuffer doutBuf, ScanGradients g) {
        g.check(in);
        ScanShape s = in.shape();
        if (doutBuf.remaining() != s.sequenceSize()) {
            throw new IllegalArgumentException("dout must have " + s.sequenceSize() + " elements");
        }
        FloatBuffer dout = doutBuf.slice();
        float[] a = array(in.a());
        float[] bt = transposeBc(in.b(), s);
        float[] ct = transposeBc(in.c(), s);
        int dim = s.dim();
        // dB and dC sum over the channels of a group. Partial sums per fixed block of channels, added in block order,
        // make the rounding independent of the thread count (per-worker partials would not be).
        int blocks = Math.min(REDUCTION_BLOCKS, dim);
        float[][] dBt = new float[blocks][];
        float[][] dCt = new float[blocks][];
        float[] dA = new float[s.aSize()];
        float[] dD = new float[dim];
        float[] dBias = new float[dim];
        run(blocks, (fromBlock, toBlock) -> {
            Row r = new Row(s.length(), s.dstate(), chunk, true);
            for (int block = fromBlock; block < toBlock; block++) {
                float[] pb = new float[s.bcSize()];
                float[] pc = new float[s.bcSize()];
                dBt[block] = pb;
                dCt[block] = pc;
                int from = (int) ((long) dim * block / blocks), to = (int) ((long) dim * (block + 1) / blocks);
                for (int d = from; d < to; d++) {
                    for (int b = 0; b < s.batch(); b++) {
                        backwardRow(in, s, b, d, a, bt, ct, r, dout, g, pb, pc, dA, dD, dBias);
                    }
                }
            }
        });
        // reduce block partials in block order and transpose [b][g][l][n] -> [b][g][n][l]
        int len = s.length(), n = s.dstate();
        float[] sumB = dBt[0], sumC = dCt[0];
        for (int w = 1; w < blocks; w++) {
            for (int i = 0; i < sumB.length; i++) {
                sumB[i] += dBt[w][i];
                sumC[i] += dCt[w][i];
            }
        }
        float[] rowB = new float[len], rowC = new float[len];
        for (int bg = 0; bg < s.batch() * s.groups(); bg++) {
            for (int k = 0; k < n; k++) {
                for (int l = 0; l < len; l++) {
                    rowB[l] = sumB[(bg * len + l) * n + k];
                    rowC[l] = sumC[(bg * len + l) * n + k];
                }
                g.dB().put((bg * n + k) * len, rowB, 0, len);
                g.dC().put((bg * n + k) * len, rowC, 0, len);
            }
        }
        g.dA().put(0, dA, 0, dA.length);
        if (in.hasD()) {
            g.dD().put(0, dD, 0, dim);
        }
        if (in.hasDeltaBias()) {
            g.dDeltaBias().put(0, dBias, 0, dim);
        }
    }

    private void backwardRow(ScanInputs in, ScanShape s, int b, int d, float[] a, float[] bt, float[] ct, Row r,
                             FloatBuffer dout, ScanGradients g, float[] dBt, float[] dCt, float[] dA, float[] dD,
                             float[] dBias) {
        int len = s.length(), n = s.dstate();
        int row = b * s.dim() + d;
        int off = row * len;
        int aOff = d * n;
        int bcOff = (b * s.groups() + s.groupOf(d)) * len * n;
        float dskip = in.hasD() ? in.d().get(d) : 0f;
        in.u().get(off, r.u, 0, len);
        in.delta().get(off, r.tmp, 0, len);
        float bias = in.hasDeltaBias() ? in.deltaBias().get(d) : 0f;
        kernel.prologue(len, r.tmp, bias, in.deltaSoftplus(), r.u, r.dt, r.dtu, r.sig);
        dout.get(off, r.g, 0, len);
        // forward over the whole row, keeping one checkpoint per chunk
        java.util.Arrays.fill(r.h, 0f);
        int chunks = (len + chunk - 1) / chunk;
        for (int c = 0; c < chunks; c++) {
            int t0 = c * chunk;
            System.arraycopy(r.h, 0, r.ckpt, c * n, n);
            kernel.scanChunk(n, t0, Math.min(chunk, len - t0), r.dt, r.dtu, a, aOff, bt, ct, bcOff, r.h, r.y, null,
                    null, r.parts);
        }
        // gate: gy = dout * silu(z); dz = dout * (y + D u) * silu'(z)
        if (in.hasZ()) {
            in.z().get(off, r.z, 0, len);
            for (int t = 0; t < len; t++) {
                float zz = r.z[t];
                float sg = 1f / (1f + ChunkKernel.fastExp(-zz));
                float go = r.g[t];
                float pre = r.y[t] + dskip * r.u[t];
                r.tmp[t] = go * pre * sg * (1f + zz * (1f - sg));
                r.g[t] = go * zz * sg;
            }
            g.dz().put(off, r.tmp, 0, len);
        }
        float[] dh = r.dh;
        java.util.Arrays.fill(dh, 0f);
        float accD = 0f, accBias = 0f;
        for (int c = chunks - 1; c >= 0; c--) {
            int t0 = c * chunk;
            int count = Math.min(chunk, len - t0);
            System.arraycopy(r.ckpt, c * n, r.h, 0, n);
            kernel.scanChunk(n, t0, count, r.dt, r.dtu, a, aOff, bt, ct, bcOff, r.h, r.yScratch, r.hist, r.e,
                    r.parts);
            kernel.backwardChunk(n, t0, count, r.g, r.dt, r.dtu, a, aOff, bt, ct, bcOff, r.hist, r.e, r.ckpt, c * n,
                    dh, dBt, dCt, dA, r.dx, r.ddtA, r.parts, r.parts2);
            for (int t = count - 1; t >= 0; t--) {
                int tt = t0 + t;
                float gy = r.g[tt];
                float uu = r.u[tt];
                float ddt = r.ddtA[tt] + r.dx[tt] * uu;
                r.tmp[tt] = r.dx[tt] * r.dt[tt] + gy * dskip; // du
                accD += gy * uu;
                float draw = ddt * r.sig[tt];
                r.yScratch[tt] = draw; // ddelta (yScratch's forward values are no longer needed)
                accBias += draw;
            }
        }
        g.du().put(off, r.tmp, 0, len);
        g.ddelta().put(off, r.yScratch, 0, len);
        dD[d] += accD;
        dBias[d] += accBias;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Per-worker scratch. */
    private static final class Row {
        final float[] u, dt, dtu, z, y, tmp, h, parts;
        final float[] g, sig, yScratch, dh, ckpt, hist, e, parts2, dx, ddtA; // backward only

        Row(int len, int n, int chunk, boolean backward) {
            u = new float[len];
            dt = new float[len];
            dtu = new float[len];
            z = new float[len];
            y = new float[len];
            tmp = new float[len];
            h = new float[n];
            parts = new float[chunk * n];
            if (backward) {
                g = new float[len];
                sig = new float[len];
                yScratch = new float[len];
                dh = new float[n];
                ckpt = new float[((len + chunk - 1) / chunk) * n];
                hist = new float[chunk * n];
                e = new float[chunk * n];
                parts2 = new float[chunk * n];
                dx = new float[len];
                ddtA = new float[len];
            } else {
                g = sig = yScratch = dh = ckpt = hist = e = parts2 = dx = ddtA = null;
            }
        }
    }

    private static float[] array(FloatBuffer b) {
        float[] a = new float[b.limit()];
        b.get(0, a);
        return a;
    }

    /** (batch, groups, dstate, length) -> [batch][groups][length][dstate]. */
    static float[] transposeBc(FloatBuffer src, ScanShape s) {
        int len = s.length(), n = s.dstate();
        float[] out = new float[s.bcSize()];
        float[] row = new float[len];
        for (int bg = 0; bg < s.batch() * s.groups(); bg++) {
            for (int k = 0; k < n; k++) {
                src.get((bg * n + k) * len, row, 0, len);
                int base = bg * len * n + k;
                for (int l = 0; l < len; l++) {
                    out[base + l * n] = row[l];
                }
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface RangeTask {
        void run(int from, int to);
    }

    /** Splits [0, items) into one contiguous range per worker (at most one worker per item). */
    private void run(int items, RangeTask task) {
        int workers = Math.min(threads, items);
        if (workers <= 1) {
            task.run(0, items);
            return;
        }
        List<Callable<Void>> jobs = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            int from = (int) ((long) items * w / workers), to = (int) ((long) items * (w + 1) / workers);
            jobs.add(() -> {
                task.run(from, to);
                return null;
            });
        }
        try {
            for (Future<Void> f : pool().invokeAll(jobs)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads);
                    pool = p;
                }
            }
        }
        return p;
    }
}
