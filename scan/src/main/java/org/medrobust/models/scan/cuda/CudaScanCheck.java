package org.medrobust.models.scan.cuda;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medrobust.datasets.npz.NpyArray;
import org.medrobust.datasets.npz.NpzArchive;
import org.medrobust.models.scan.Floats;
import org.medrobust.models.scan.ScanGradients;
import org.medrobust.models.scan.ScanInputs;
import org.medrobust.models.scan.ScanShape;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Gradients64;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Inputs64;

/**
 * Stand-alone GPU check, for a CUDA machine without a JDK or Maven (scripts/gpu-scan-check.sh ships it with a jlink
 * runtime): parity of the CUDA backend against the golden cases and the float64 reference on fresh random inputs
 * (outputs poisoned with NaN before every launch), then the benchmark (copy bandwidth, forward and forward+backward
 * times, bandwidth fraction). Prints one table. Exit status 0 only if every parity check passed.
 *
 * <pre>java -cp scan.jar:datasets.jar org.medrobust.models.scan.cuda.CudaScanCheck [golden-dir] [--no-bench]
 *     [--no-parity] [--shapes issue|zoo|zoo28|zoo224|all|B,D,N,L[,G];...] [--variants v5-4,v5-1/b1,...]
 *     [--parity-variants ...] [--types f32,f16,bf16] [--type-variants auto,auto/x24,...] [--json bench.jsonl]</pre>
 * The random cases run in each 16-bit type of {@code --types} for each configuration of {@code --type-variants}
 * (default: auto).
 */
public final class CudaScanCheck {

    private static final double RTOL = 6e-4, ATOL = 2e-3;
    /**
     * Extra relative tolerance of the output for 16-bit inputs: the output is stored in the input type, rounded to
     * nearest: the unit roundoff 2^-p of a p-bit significand (half an ulp relative to the value's binade: 2^-11 for
     * fp16, p = 11; 2^-8 for bf16, p = 8). The reference runs on the inputs already rounded to that
     * type, so input rounding costs nothing; state, accumulation and gradients are float32 (mamba_ssm's
     * tolerances).
     */
    private static double outRtolExtra = 0;
    private static CudaSelectiveScan.InputType type = CudaSelectiveScan.InputType.F32;
    private static double RTOL_NOW = RTOL;
    private static final List<String> rows = new ArrayList<>();
    private static boolean failed;
    /** Checks whose forward + backward, run twice on the same inputs, gave bit-identical gradients; all checks. */
    private static int repeatIdentical, repeats;
    private static String label = "";

    private CudaScanCheck() {
    }

    public static void main(String[] args) {
        Path golden = null;
        boolean bench = true;
        boolean parity = true;
        String variants = "auto";
        String parityVariants = "auto";
        String shapes = "issue";
        Path json = null;
        String types = "f32";
        String typeVariants = "auto";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-bench" -> bench = false;
                case "--no-parity" -> parity = false;
                case "--variants" -> variants = args[++i];
                case "--parity-variants" -> parityVariants = args[++i];
                case "--shapes" -> shapes = args[++i];
                case "--json" -> json = Path.of(args[++i]);
                case "--types" -> types = args[++i];
                case "--type-variants" -> typeVariants = args[++i];
                default -> golden = Path.of(args[i]);
            }
        }
        CudaSelectiveScan cuda = new CudaSelectiveScan();
        var av = cuda.availability();
        System.out.println("device: " + av.reason());
        if (!av.available()) {
            System.out.println("CUDA backend unavailable: nothing checked");
            System.exit(2);
        }
        long seed = Long.getLong("medrobust.scan.seed", System.nanoTime());
        System.out.println("random seed " + seed);
        rows.add("| check | shape (B,D,N,L,G) | largest |err| / (atol + rtol |expected|) per array | result |");
        rows.add("|---|---|---|---|");
        for (String v : parity ? parityVariants.split(",") : new String[0]) {
            CudaSelectiveScan k = variant(v);
            label = v.trim() + " ";
            type = CudaSelectiveScan.InputType.F32;
            outRtolExtra = 0;
            if (golden != null) {
                goldenParity(k, golden);
            }
            randomParity(k, seed);
        }
        for (String t : parity ? types.split(",") : new String[0]) {
            type = CudaSelectiveScan.InputType.valueOf(t.trim().toUpperCase(Locale.ROOT));
            if (type == CudaSelectiveScan.InputType.F32) {
                continue;
            }
            outRtolExtra = type == CudaSelectiveScan.InputType.F16 ? 0x1p-11 : 0x1p-8;
            for (String v : typeVariants.split(",")) {
                label = v.trim() + " " + t.trim() + " ";
                randomParity(variant(v), seed);
            }
        }
        List<String> bench1 = new ArrayList<>();
        if (bench) {
            bench1 = benchmark(variants.split(","), shapes(shapes), seed, json);
        }
        System.out.println();
        rows.forEach(System.out::println);
        System.out.println();
        bench1.forEach(System.out::println);
        System.out.println();
        if (repeats > 0) {
            System.out.println("gradients bit-identical on a repeated forward + backward: " + repeatIdentical + " of "
                    + repeats + " checks");
        }
        System.out.println(failed ? "PARITY FAILED" : "PARITY OK");
        System.exit(failed ? 1 : 0);
    }

    /** The issue's four shapes (G = 1). */
    static final int[][] ISSUE_SHAPES = {{16, 1536, 16, 4096, 1}, {64, 384, 16, 197, 1}, {8, 128, 16, 256, 1},
        {1, 384, 16, 197, 1}};

    /**
     * The zoo's scan shapes (B, D, N, L, G) at 28x28 and 224x224 input, batch 1 and 64 (docs/selective-scan-history.md):
     * Vim (patch 4, d_inner 192, one scan per direction, L = patches + class token), VMamba (four directions in one
     * scan, G = 4; widths 48/96 -> D = 4 * 2 * width; patch 2 at 28, 4 at 224), MedMamba (SS2D on half the width:
     * 64/128 -> D = 256/512, G = 4).
     */
    static final int[][] ZOO_SHAPES_B1 = {
        {1, 192, 16, 50, 1}, {1, 384, 16, 196, 4}, {1, 768, 16, 49, 4}, {1, 256, 16, 196, 4}, {1, 512, 16, 49, 4},
        {1, 192, 16, 3137, 1}, {1, 384, 16, 3136, 4}, {1, 768, 16, 784, 4}, {1, 256, 16, 3136, 4},
        {1, 512, 16, 784, 4}};

    /** "issue", "zoo", "all", "small" (the issue's small and the 28x28 zoo ones), or "B,D,N,L[,G];...". */
    static List<int[]> shapes(String spec) {
        List<int[]> r = new ArrayList<>();
        for (String part : spec.split("\\+")) {
            switch (part.trim()) {
                case "issue" -> r.addAll(List.of(ISSUE_SHAPES));
                case "zoo", "zoo28", "zoo224" -> {
                    for (int batch : new int[] {1, 64}) {
                        for (int[] z : ZOO_SHAPES_B1) {
                            boolean is28 = z[3] <= 196;
                            if (part.equals("zoo") || part.equals("zoo28") == is28) {
                                r.add(new int[] {batch, z[1], z[2], z[3], z[4]});
                            }
                        }
                    }
                }
                case "all" -> {
                    r.addAll(shapes("issue"));
                    r.addAll(shapes("zoo"));
                }
                default -> {
                    for (String one : part.split(";")) {
                        String[] f = one.trim().split(",");
                        if (f.length < 4 || f.length > 5) {
                            throw new IllegalArgumentException("shape must be B,D,N,L[,G]: " + one);
                        }
                        r.add(new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                            Integer.parseInt(f[3]), f.length == 5 ? Integer.parseInt(f[4]) : 1});
                    }
                }
            }
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------------ parity

    private static void goldenParity(CudaSelectiveScan cuda, Path dir) {
        try {
            String index = Files.readString(dir.resolve("index.json"));
            Matcher m = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"(.*?)\"file\"\\s*:\\s*\"([^\"]+)\"",
                    Pattern.DOTALL).matcher(index);
            while (m.find()) {
                Matcher sp = Pattern.compile("\"softplus\"\\s*:\\s*(true|false)").matcher(m.group(2));
                boolean softplus = sp.find() && Boolean.parseBoolean(sp.group(1));
                Map<String, NpyArray> a = NpzArchive.read(dir.resolve(m.group(3)));
                long[] us = a.get("u").shape();
                long[] bs = a.get("B").shape();
                ScanShape s = new ScanShape((int) us[0], (int) us[1], (int) a.get("A").shape()[1], (int) us[2],
                        bs.length == 4 ? (int) bs[1] : 1);
                Inputs64 in = new Inputs64(s, d(a, "u"), d(a, "delta"), d(a, "A"), d(a, "B"), d(a, "C"), d(a, "D"),
                        d(a, "z"), d(a, "delta_bias"), softplus);
                Gradients64 g = new Gradients64(d(a, "grad_u"), d(a, "grad_delta"), d(a, "grad_A"), d(a, "grad_B"),
                        d(a, "grad_C"), d(a, "grad_D"), d(a, "grad_z"), d(a, "grad_delta_bias"));
                compare(cuda, "golden " + m.group(1), in, d(a, "out"), d(a, "last_state"), d(a, "upstream_grad"), null,
                        g);
            }
        } catch (Exception e) {
            failed = true;
            rows.add("| golden | - | " + e + " | FAIL |");
        }
    }

    private static double[] d(Map<String, NpyArray> a, String k) {
        NpyArray x = a.get(k);
        return x == null ? null : x.toDoubles();
    }

    private static void randomParity(CudaSelectiveScan cuda, long seed) {
        int[][] cases = { // B, D, N, L, G, z, D, bias, softplus, deltaScale
            {2, 4, 16, 1, 1, 1, 1, 1, 1, 1}, {2, 6, 16, 37, 1, 1, 1, 1, 1, 1}, {1, 5, 1, 50, 1, 1, 1, 1, 1, 1},
            {1, 3, 5, 23, 1, 0, 1, 0, 1, 1}, {2, 8, 16, 40, 4, 1, 1, 1, 1, 1}, {1, 6, 8, 21, 2, 0, 1, 1, 1, 1},
            {1, 4, 16, 70, 1, 1, 1, 1, 1, 30}, {2, 4, 16, 33, 1, 1, 0, 1, 1, 1}, {2, 4, 16, 33, 1, 0, 1, 1, 1, 1},
            {2, 4, 16, 33, 1, 0, 1, 0, 0, 1}, {1, 3, 32, 300, 1, 1, 1, 1, 1, 1}, {2, 64, 16, 1000, 1, 1, 1, 1, 1, 1},
            {2, 96, 16, 130, 3, 1, 1, 1, 1, 1}, {1, 8, 64, 77, 1, 1, 1, 1, 1, 1},
            // batch 1, few channels: split into chunks over L (odd and even lengths, grouped)
            {1, 16, 16, 3137, 1, 1, 1, 1, 1, 1}, {1, 32, 16, 784, 4, 1, 1, 1, 1, 1}, {1, 8, 16, 197, 1, 0, 1, 0, 0, 1},
            {1, 4, 5, 50, 1, 1, 1, 1, 1, 30},
            // 1024 rows of 256 steps: the single-launch forward stages 8 of 16 states per burst (round 5)
            {8, 128, 16, 256, 1, 1, 1, 1, 1, 1}};
        for (int[] c : cases) {
            Inputs64 in = roundToType(random(c, seed++, false));
            var ref = ReferenceSelectiveScan.forward64(in);
            double[] w = round(gauss(new SplittableRandom(seed), in.shape().sequenceSize()));
            // every other case also carries a gradient of the last state (mamba_ssm's dlast_state)
            double[] dlast = c[3] % 2 == 1 ? gauss(new SplittableRandom(seed + 1), in.shape().stateSize()) : null;
            Gradients64 g = ReferenceSelectiveScan.backward64(in, w, dlast);
            compare(cuda, String.format(Locale.ROOT, "random z=%d D=%d bias=%d sp=%d dscale=%d%s", c[5], c[6], c[7],
                    c[8], c[9], dlast == null ? "" : " dlast"), in, ref.out(), ref.lastState(), w, dlast, g);
        }
    }

    /** The sequence inputs (u, delta, B, C, z) rounded to the current input type (A, D, delta_bias stay float32). */
    private static Inputs64 roundToType(Inputs64 in) {
        return new Inputs64(in.shape(), round(in.u()), round(in.delta()), in.a(), round(in.b()), round(in.c()),
                in.d(), round(in.z()), in.deltaBias(), in.deltaSoftplus());
    }

    private static double[] round(double[] x) {
        if (x == null || type == CudaSelectiveScan.InputType.F32) {
            return x;
        }
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = type.round((float) x[i]);
        }
        return r;
    }

    /** Random inputs (already float-exact); A negative as in Mamba. */
    static Inputs64 random(int[] c, long seed, boolean bigQuick) {
        SplittableRandom r = new SplittableRandom(seed);
        ScanShape s = new ScanShape(c[0], c[1], c[2], c[3], c[4]);
        double scale = c[9];
        double[] delta = new double[s.sequenceSize()];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (float) (c[8] == 1 ? (r.nextDouble() * 2 - 1) * scale : r.nextDouble() * 0.5 * scale);
        }
        double[] a = new double[s.aSize()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (-Math.exp(r.nextGaussian() * 0.5) * (1 + i % s.dstate()));
        }
        return new Inputs64(s, gauss(r, s.sequenceSize()), delta, a, gauss(r, s.bcSize()), gauss(r, s.bcSize()),
                c[6] == 1 ? gauss(r, s.dim()) : null, c[5] == 1 ? gauss(r, s.sequenceSize()) : null,
                c[7] == 1 ? gauss(r, s.dim()) : null, c[8] == 1);
    }

    private static double[] gauss(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static ScanInputs floats(Inputs64 in) {
        return ScanInputs.of(in.shape(), Floats.toFloats(in.u()), Floats.toFloats(in.delta()),
                Floats.toFloats(in.a()), Floats.toFloats(in.b()), Floats.toFloats(in.c()), Floats.toFloats(in.d()),
                Floats.toFloats(in.z()), Floats.toFloats(in.deltaBias()), in.deltaSoftplus());
    }

    private static void compare(CudaSelectiveScan cuda, String name, Inputs64 in, double[] out, double[] last,
                                double[] w, double[] dlast, Gradients64 g) {
        ScanShape s = in.shape();
        String shape = "(" + s.batch() + "," + s.dim() + "," + s.dstate() + "," + s.length() + "," + s.groups() + ")";
        StringBuilder per = new StringBuilder();
        double worst = 0;
        try (CudaSelectiveScan.DeviceScan ds = cuda.upload(floats(in), FloatBuffer.wrap(Floats.toFloats(w)), type)) {
            if (dlast != null) {
                ds.dlastState(FloatBuffer.wrap(Floats.toFloats(dlast)));
            }
            ds.poisonOutputs();
            ds.forward(true);
            ds.synchronize();
            float[] got = ds.out();
            double saved = RTOL_NOW;
            RTOL_NOW = RTOL + outRtolExtra;
            worst = ratio(per, "out", got, out, worst);
            RTOL_NOW = saved;
            worst = ratio(per, "last", ds.lastState(), last, worst);
            // the same problem through caller-held device pointers: bit-identical output, nothing copied
            try (CudaSelectiveScan.DeviceScan bound = cuda.onDevice(s, in.deltaSoftplus(), type, ds.inputPointers())) {
                bound.forward(true); // then without the last state: a graph launch's forward node updated (round 12)
                bound.forward(false);
                bound.synchronize();
                if (!java.util.Arrays.equals(bound.out(), got)) {
                    worst = Double.POSITIVE_INFINITY;
                    per.append("bound-pointers-out DIFFERS ");
                }
            }
            // the first backward follows the forward, which zeroed the gradients it adds into (poisoned before the
            // forward: a forward that did not zero them fails here); the second runs after a fresh poisoning alone
            ds.backward();
            ds.synchronize();
            double afterForward = gradientRatios(new StringBuilder(), ds.gradients(), g, 0);
            per.append(String.format(Locale.ROOT, "grads-after-forward %.3f ", afterForward));
            worst = Math.max(worst, afterForward);
            // determinism: forward + backward once more on the same inputs; the arrays that differ in any bit are
            // named (reported, not failed: dB, dC, and dA / dD / ddelta_bias past batch 1 are summed over blocks by
            // atomic adds, whose order is not fixed)
            ScanGradients first = ds.gradients();
            ds.forward(true);
            ds.backward();
            ds.synchronize();
            String differ = differing(first, ds.gradients());
            repeats++;
            repeatIdentical += differ.isEmpty() ? 1 : 0;
            per.append(differ.isEmpty() ? "repeat identical " : "repeat differs (" + differ + ") ");
            ds.poisonOutputs();
            ds.backward();
            ds.synchronize();
            worst = gradientRatios(per, ds.gradients(), g, worst);
        } catch (RuntimeException e) {
            failed = true;
            rows.add("| " + label + name + " | " + shape + " | " + e.getMessage() + " | FAIL |");
            return;
        }
        boolean ok = worst <= 1;
        failed |= !ok;
        rows.add(String.format(Locale.ROOT, "| %s%s | %s | %s | %s |", label, name, shape, per.toString().trim(),
                ok ? "ok" : "FAIL"));
    }

    /** The gradient arrays of two results that differ in any bit, space-separated ("" when all are identical). */
    private static String differing(ScanGradients a, ScanGradients b) {
        StringBuilder r = new StringBuilder();
        String[] names = {"du", "ddelta", "dA", "dB", "dC", "dD", "dz", "ddelta_bias"};
        FloatBuffer[] x = {a.du(), a.ddelta(), a.dA(), a.dB(), a.dC(), a.dD(), a.dz(), a.dDeltaBias()};
        FloatBuffer[] y = {b.du(), b.ddelta(), b.dA(), b.dB(), b.dC(), b.dD(), b.dz(), b.dDeltaBias()};
        for (int i = 0; i < names.length; i++) {
            if (x[i] != null && y[i] != null && !bitsEqual(x[i], y[i])) {
                r.append(r.isEmpty() ? "" : " ").append(names[i]);
            }
        }
        return r.toString();
    }

    private static boolean bitsEqual(FloatBuffer a, FloatBuffer b) {
        if (a.limit() != b.limit()) {
            return false;
        }
        for (int i = 0; i < a.limit(); i++) {
            if (Float.floatToRawIntBits(a.get(i)) != Float.floatToRawIntBits(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #ratio} of every gradient array; returns the largest ratio so far. */
    private static double gradientRatios(StringBuilder per, ScanGradients r, Gradients64 g, double worst) {
        worst = ratio(per, "du", r.du(), g.du(), worst);
        worst = ratio(per, "ddelta", r.ddelta(), g.ddelta(), worst);
        worst = ratio(per, "dA", r.dA(), g.dA(), worst);
        worst = ratio(per, "dB", r.dB(), g.dB(), worst);
        worst = ratio(per, "dC", r.dC(), g.dC(), worst);
        worst = ratio(per, "dD", r.dD(), g.dD(), worst);
        worst = ratio(per, "dz", r.dz(), g.dz(), worst);
        return ratio(per, "ddelta_bias", r.dDeltaBias(), g.dDeltaBias(), worst);
    }

    /**
     * Appends "name ratio" where ratio is the largest |a - e| / (atol + rtol |e|) over the array (NaN or a missing
     * array: infinite; an array that is absent on both sides is skipped). <= 1 means within tolerance everywhere.
     */
    private static double ratio(StringBuilder per, String name, Object actual, double[] expected, double worst) {
        if (expected == null && actual == null) {
            return worst;
        }
        double r;
        if (expected == null || actual == null) {
            r = Double.POSITIVE_INFINITY;
        } else {
            float[] a = actual instanceof FloatBuffer fb ? Floats.toArray(fb) : (float[]) actual;
            r = 0;
            for (int i = 0; i < expected.length; i++) {
                double q = Math.abs(a[i] - expected[i]) / (ATOL + RTOL_NOW * Math.abs(expected[i]));
                r = Double.isNaN(q) ? Double.POSITIVE_INFINITY : Math.max(r, q);
            }
        }
        per.append(String.format(Locale.ROOT, "%s %.3f ", name, r));
        return Math.max(worst, r);
    }

    // ------------------------------------------------------------------------------------------------ benchmark

    private static List<String> benchmark(String[] variants, List<int[]> shapes, long seed, Path json) {
        List<String> t = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        double copy = CudaSelectiveScan.copyBandwidth(1L << 30);
        t.add(String.format(Locale.ROOT, "copy bandwidth (cuMemcpyDtoD 1 GiB, read+write): %.0f GB/s",
                copy / 1e9));
        lines.add(String.format(Locale.ROOT, "{\"what\":\"copy_bandwidth\",\"GBps\":%.1f}", copy / 1e9));
        warmUpHostPath(seed);
        t.add("| shape (B,D,N,L,G) | variant | kernels | fwd ms | bwd ms | fwd+bwd ms | fwd b2b ms | fwd+bwd b2b ms |"
                + " inference fwd / b2b ms | driver calls fwd / bwd | host us fwd / bwd | GB/s fwd (issue count) |"
                + " % of copy bw |");
        t.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int[] sh : shapes) {
            ScanShape s = new ScanShape(sh[0], sh[1], sh[2], sh[3], sh[4]);
            ScanInputs in = bigInputs(s, seed);
            SplittableRandom r = new SplittableRandom(seed + 7);
            float[] dout = new float[s.sequenceSize()];
            for (int i = 0; i < dout.length; i++) {
                dout[i] = (float) r.nextGaussian();
            }
            long bdl = (long) s.batch() * s.dim() * s.length();
            long issueBytes = 4L * (3 * bdl + 2 * bdl + 2L * s.bcSize());
            String shape = String.format(Locale.ROOT, "(%d,%d,%d,%d,%d)", sh[0], sh[1], sh[2], sh[3], sh[4]);
            for (String v : variants) {
                String[] vt = v.trim().split(":");
                CudaSelectiveScan k = variant(vt[0]);
                var ty = vt.length > 1 ? CudaSelectiveScan.InputType.valueOf(vt[1].toUpperCase(Locale.ROOT))
                        : CudaSelectiveScan.InputType.F32;
                try (CudaSelectiveScan.DeviceScan ds = k.upload(in, FloatBuffer.wrap(dout), ty)) {
                    // single calls on an idle GPU (launch latency and host path included); each timed backward
                    // follows an untimed forward, as in training (mamba_ssm's backward likewise reads its forward's)
                    double fwd = CudaSelectiveScan.medianMs(() -> ds.forward(false), 5, 30);
                    double bwd = CudaSelectiveScan.medianMs(() -> ds.forward(false), ds::backward, 5, 30);
                    // back to back: the per-call cost inside a model's stream of kernels
                    int calls = backToBackCalls(s);
                    double fwdB2b = CudaSelectiveScan.backToBackMs(() -> ds.forward(false), calls, 5);
                    double stepB2b = CudaSelectiveScan.backToBackMs(() -> {
                        ds.forward(false);
                        ds.backward();
                    }, calls, 5);
                    // inference forward: the same inputs with dout unbound, so no backward is prepared (no gradient
                    // zeroing, no saved chunk states); mamba_ssm's forward does the same work either way, and the
                    // columns above (dout bound) stay the conservative reading
                    CudaSelectiveScan.DevicePointers bound = ds.inputPointers();
                    ds.bind(withoutDout(bound));
                    double fwdInfer = CudaSelectiveScan.medianMs(() -> ds.forward(false), 5, 30);
                    double fwdInferB2b = CudaSelectiveScan.backToBackMs(() -> ds.forward(false), calls, 5);
                    ds.bind(bound);
                    // driver calls of one forward and of the backward after it, against the launch rule's list
                    ds.synchronize();
                    long[] c0 = CudaSelectiveScan.driverCallCounts();
                    ds.forward(false);
                    long[] c1 = CudaSelectiveScan.driverCallCounts();
                    ds.backward();
                    long[] c2 = CudaSelectiveScan.driverCallCounts();
                    // host time of one call (until it returns; the kernels are queued, not waited for)
                    double hostFwd = CudaSelectiveScan.hostUs(() -> ds.forward(false), 31);
                    double hostBwd = CudaSelectiveScan.hostUs(ds::backward, 31);
                    String calls1 = driverCalls(c0, c1, c2, k.forwardLaunches(s, ty).size(),
                            k.backwardLaunches(s, ty, true));
                    double gbs = issueBytes / (fwd * 1e-3) / 1e9;
                    var cf = k.forwardConfig(s, ty);
                    var cb = ds.nextBackwardConfig();
                    String kernels = String.format(Locale.ROOT, "%s ch%d x%d chunks of %d%s / %s ch%d x%d",
                            cf.kernel(), cf.channels(), cf.chunks(), cf.chunkLength(),
                            cf.stagedStates() > 0 ? " staged " + cf.stagedStates() : "", cb.kernel(), cb.channels(),
                            cb.chunks());
                    t.add(String.format(Locale.ROOT, "| %s | %s | %s | %.4f | %.4f | %.4f | %.4f | %.4f |"
                                    + " %.4f / %.4f | %s | %.1f / %.1f | %.0f | %.1f%% |", shape, v.trim(), kernels,
                            fwd, bwd, fwd + bwd, fwdB2b, stepB2b, fwdInfer, fwdInferB2b, calls1, hostFwd, hostBwd,
                            gbs, 100 * gbs * 1e9 / copy));
                    lines.add(String.format(Locale.ROOT, "{\"what\":\"medrobust\",\"shape\":[%d,%d,%d,%d,%d],"
                                    + "\"variant\":\"%s\",\"kernels\":\"%s\",\"fwd_ms\":%.5f,\"bwd_ms\":%.5f,"
                                    + "\"b2b_calls\":%d,\"fwd_b2b_ms\":%.5f,\"fwdbwd_b2b_ms\":%.5f,"
                                    + "\"fwd_infer_ms\":%.5f,\"fwd_infer_b2b_ms\":%.5f,"
                                    + "\"driver_calls\":\"%s\",\"host_fwd_us\":%.2f,\"host_bwd_us\":%.2f}",
                            sh[0], sh[1], sh[2], sh[3], sh[4], v.trim(), kernels, fwd, bwd, calls, fwdB2b, stepB2b,
                            fwdInfer, fwdInferB2b, calls1, hostFwd, hostBwd));
                } catch (RuntimeException e) {
                    t.add("| " + shape + " | " + v + " | " + e.getMessage() + " | | | | | |");
                }
            }
        }
        if (json != null) {
            try {
                Files.write(json, lines);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return t;
    }

    /** The same device inputs without dout: a forward with no backward to prepare. */
    private static CudaSelectiveScan.DevicePointers withoutDout(CudaSelectiveScan.DevicePointers p) {
        return new CudaSelectiveScan.DevicePointers(p.u(), p.delta(), p.a(), p.b(), p.c(), p.d(), p.z(),
                p.deltaBias(), 0);
    }

    /**
     * Compiles the Java launch paths before anything is timed: without it the first shape measured on a path paid the
     * JIT (a device run, stop 16: (1,384,16,197,1) measured first, forward back to back 0.0138 ms and 9.7 host us per
     * call; measured after other shapes, 0.0098 ms and 3.7 us), so a narrow run's first row read slow. Each path: the
     * plain launches, the padded rows' graph, and the inference forward (dout unbound). Without the graph's (runs D1,
     * F22, F23), the variant timed first at (1,192,16,3137,1), the one padded shape, read 10-15 us slow in single calls
     * (F23: float32 0.0383 ms; 0.0293 in run S1, which warmed the graph's path).
     */
    private static void warmUpHostPath(long seed) {
        ScanShape s = new ScanShape(1, 64, 16, 64, 1);
        for (String v : new String[] {"auto", "auto/x24/n0/o2/a2"}) {
            try (CudaSelectiveScan.DeviceScan ds = variant(v).upload(bigInputs(s, seed),
                    FloatBuffer.wrap(new float[s.sequenceSize()]))) {
                for (int i = 0; i < 20_000; i++) {
                    ds.forward(false);
                    ds.backward();
                }
                ds.bind(withoutDout(ds.inputPointers()));
                for (int i = 0; i < 20_000; i++) {
                    ds.forward(false);
                }
                ds.synchronize();
            }
        }
    }

    /** Calls per back-to-back batch: 100 up to 4 M sequence elements, else 10 (the same count for mamba_ssm). */
    static int backToBackCalls(ScanShape s) {
        return (long) s.batch() * s.dim() * s.length() <= 1L << 22 ? 100 : 10;
    }

    /**
     * "fwd L launches / bwd L launches + M memsets" counted from the driver between the snapshots, with any
     * allocation, copy or synchronize named, and "!= plan" where the counts differ from the launch rule's lists.
     */
    private static String driverCalls(long[] c0, long[] c1, long[] c2, int fwdPlan, List<String> bwdPlan) {
        long fl = c1[0] - c0[0], fm = c1[1] - c0[1], bl = c2[0] - c1[0], bm = c2[1] - c1[1];
        long other = (c2[2] - c0[2]) + (c2[3] - c0[3]) + (c2[4] - c0[4]) + (c2[5] - c0[5]);
        long planMemsets = bwdPlan.stream().filter("memset"::equals).count();
        boolean ok = fl == fwdPlan && fm == 0 && bl == bwdPlan.size() - planMemsets && bm == planMemsets;
        return String.format(Locale.ROOT, "%dL%s / %dL+%dM%s%s", fl, fm > 0 ? "+" + fm + "M" : "", bl, bm,
                other > 0 ? " +" + other + " alloc/copy/sync" : "", ok ? "" : " != plan");
    }

    /**
     * A variant: "v5-4" = forward with 4 states per thread, or "auto" (the default configuration, small-problem
     * forward included); optional suffixes "/t64" (forward threads per block), "/c0" (blocks target of the forward's
     * L split, 0 = none), "/l2048" (longest backward chunk), "/k1" (one channel per backward block also for short
     * sequences), "/f0" (rows from which the backward grid counts as full), "/s0" "/s2" (single-launch forward never /
     * always; default where the GPU is not filled and L fits its chunk), "/m64" (its most threads per block), "/w0" (no
     * chunk-start states saved by the forward: the backward's chunk-summary launch), "/z0" (the forward does not zero
     * the backward's gradients: the backward memsets them), "/g0" (the single-launch forward stages B/C in its whole
     * 16 KB buffers, as in round 4), "/i8" (8 steps per thread from 129 steps, forward and one-channel backward, as in round 4),
     * "/p1" "/p2" "/p4" (states per pass of the single-launch forward with 4 steps per thread, float32; default 4 up
     * to 8 warps per SM, else 2), "/x0" (no warp-per-state forward: round 6's kernels) "/x24" "/x28" "/x44" (that
     * warp-per-state instance, states per warp x 10 + steps per lane, forced wherever it fits; default: its rule), "/h0" (the batch-1 backward keeps its 4096-step chunks
     * after a warp-per-state forward) "/h512" "/h1024" "/h2048" (it walks chunks of at most that many steps from the
     * chunk-start states that forward saved; default: the longest whose blocks hold the rows in one wave), "/j0" (no
     * warp-per-state backward after that forward: round 7's chunks) "/j24" "/j28" "/j44" "/j48" (that warp-per-state
     * backward instance, states per warp x 10 + steps per lane, forced wherever it fits; default: its rule), "/r0"
     * (the warp-per-state forward only from 257 steps, round 7's rule), "/n0" "/n2" (its channels per block: one
     * everywhere, two wherever an instance exists; default: the rule), "/x22" "/x42" (the 2-steps-per-lane instances),
     * "/u0" (fp16/bf16 inputs keep round 6's forwards instead of the warp-per-state one), "/o1" (the two-channel 2 x 4
     * warp-per-state forward at 4 blocks per SM wherever it runs; default: where two waves of it would run), "/o3"
     * (that instance at 3 blocks per SM wherever it runs; default: 5-6 rows per SM past 256 steps), "/o2"
     * (the one-channel 2 x 4 and, float32 only, 2 x 8 instances at 2 blocks per SM wherever they run; default: at most
     * 2 rows per SM past 256 steps), "/a0" "/a2" (`_b2`'s 2 x 4 instance never / always reading B and C from padded
     * float32 rows; default: float32 where L is not a multiple of 4, fp16/bf16 always; 16 bits without them run the
     * 3-blocks-per-SM instance), "/q0" (sm_90+: programmatic launches not capped in blocks per SM, and the padded
     * forward after its padding by a plain graph edge; default: capped, a programmatic edge), e.g. "v5-1/c2112" or
     * "auto/s0".
     */
    static CudaSelectiveScan variant(String v) {
        String[] parts = v.trim().split("/");
        boolean auto = parts[0].equals("auto");
        if (!auto && !parts[0].startsWith("v5-")) {
            throw new IllegalArgumentException("variant must start with auto or v5-<states per thread>: " + v);
        }
        int nt = auto ? 4 : Integer.parseInt(parts[0].substring(3));
        int threads = 128;
        int chunks = CudaSelectiveScan.DEFAULT_CHUNK_BLOCKS;
        int bwdChunk = 4096;
        int bwdChannels = 2;
        int fullRows = CudaSelectiveScan.BWD_FULL_ROWS;
        int single = 1;
        int singleThreads = CudaSelectiveScan.SINGLE_MAX_THREADS;
        boolean saveStates = true;
        boolean zeroInForward = true;
        boolean fullStaging = false;
        boolean four = true;
        int perPass = 0;
        int warp = 1;
        int savedChunk = 1;
        int warpBwd = 1;
        boolean shortWarp = true;
        int warpChannels = 1;
        boolean warp16 = true;
        int blocksPerSm = 0;
        int paddedRows = 1;
        boolean capped = true;
        for (int i = 1; i < parts.length; i++) {
            int x = Integer.parseInt(parts[i].substring(1));
            switch (parts[i].charAt(0)) {
                case 't' -> threads = x;
                case 'c' -> chunks = x;
                case 'l' -> bwdChunk = x;
                case 'k' -> bwdChannels = x;
                case 'f' -> fullRows = x;
                case 's' -> single = x;
                case 'm' -> singleThreads = x;
                case 'w' -> saveStates = x != 0;
                case 'z' -> zeroInForward = x != 0;
                case 'g' -> fullStaging = x == 0;
                case 'i' -> four = x == 4;
                case 'p' -> perPass = x;
                case 'x' -> warp = x;
                case 'h' -> savedChunk = x;
                case 'j' -> warpBwd = x;
                case 'r' -> shortWarp = x != 0;
                case 'n' -> warpChannels = x;
                case 'u' -> warp16 = x != 0;
                case 'o' -> blocksPerSm = x == 1 ? 4 : x;
                case 'a' -> paddedRows = x;
                case 'q' -> capped = x != 0;
                default -> throw new IllegalArgumentException("variant suffix must be /tN, /cN, /lN, /kN, /fN, /sN,"
                        + " /mN, /wN, /zN, /gN, /iN, /pN, /xN, /hN, /jN, /rN, /nN, /uN, /oN, /aN or /qN: " + v);
            }
        }
        CudaSelectiveScan k = auto && threads == 128 && chunks == CudaSelectiveScan.DEFAULT_CHUNK_BLOCKS
                && bwdChunk == 4096 ? new CudaSelectiveScan() : new CudaSelectiveScan(nt, threads, chunks, bwdChunk);
        return k.backwardChannels(bwdChannels).backwardFullRows(fullRows).singleLaunch(single, singleThreads)
                .forwardSavesStates(saveStates).forwardZeroesGradients(zeroInForward).fullStaging(fullStaging)
                .fourStepsTo256(four).statesPerPass(perPass).warpForward(warp).savedBatch1Chunk(savedChunk)
                .warpBackward(warpBwd).shortWarpForward(shortWarp).warpChannels(warpChannels).warpSixteenBit(warp16)
                .warpBlocksPerSm(blocksPerSm).warpPaddedRows(paddedRows).cappedLaunches(capped);
    }

    /** Benchmark inputs: fp32 with z, D, delta_bias and softplus (mamba_ssm's usual configuration). */
    static ScanInputs bigInputs(ScanShape s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] u = new float[s.sequenceSize()], delta = new float[s.sequenceSize()], z = new float[s.sequenceSize()];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) (r.nextDouble() * 2 - 1);
            delta[i] = (float) (r.nextDouble() * 2 - 1);
            z[i] = (float) (r.nextDouble() * 2 - 1);
        }
        float[] a = new float[s.aSize()];
        for (int i = 0; i < a.length; i++) {
            a[i] = -(1 + i % s.dstate());
        }
        float[] b = new float[s.bcSize()], c = new float[s.bcSize()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (r.nextDouble() * 2 - 1);
            c[i] = (float) (r.nextDouble() * 2 - 1);
        }
        float[] dd = new float[s.dim()], bias = new float[s.dim()];
        for (int i = 0; i < dd.length; i++) {
            dd[i] = (float) r.nextGaussian();
            bias[i] = (float) (r.nextDouble() - 0.5);
        }
        return ScanInputs.of(s, u, delta, a, b, c, dd, z, bias, true);
    }
}
