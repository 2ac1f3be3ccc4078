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
 * <pre>java -cp models.jar:datasets.jar org.medrobust.models.scan.cuda.CudaScanCheck [golden-dir] [--no-bench]</pre>
 */
public final class CudaScanCheck {

    private static final double RTOL = 6e-4, ATOL = 2e-3;
    private static final List<String> rows = new ArrayList<>();
    private static boolean failed;
    private static String label = "";

    private CudaScanCheck() {
    }

    public static void main(String[] args) {
        Path golden = null;
        boolean bench = true;
        boolean parity = true;
        String variants = "v1,v3-4,v3-8,v4-4,v5-2,v5-4,v5-8,v5-16";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-bench" -> bench = false;
                case "--no-parity" -> parity = false;
                case "--variants" -> variants = args[++i];
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
        rows.add("| check | shape (B,D,N,L,G) | worst excess over tol | result |");
        rows.add("|---|---|---|---|");
        for (String version : parity ? new String[] {"v3", "v4", "v5"} : new String[0]) {
            CudaSelectiveScan k = new CudaSelectiveScan(4, 128, version);
            label = "fwd " + version + " ";
            if (golden != null) {
                goldenParity(k, golden);
            }
            randomParity(k, seed);
        }
        List<String> bench1 = new ArrayList<>();
        if (bench) {
            bench1 = benchmark(variants.split(","), seed);
        }
        System.out.println();
        rows.forEach(System.out::println);
        System.out.println();
        bench1.forEach(System.out::println);
        System.out.println();
        System.out.println(failed ? "PARITY FAILED" : "PARITY OK");
        System.exit(failed ? 1 : 0);
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
                compare(cuda, "golden " + m.group(1), in, d(a, "out"), d(a, "last_state"), d(a, "upstream_grad"), g);
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
            {2, 96, 16, 130, 3, 1, 1, 1, 1, 1}, {1, 8, 64, 77, 1, 1, 1, 1, 1, 1}};
        for (int[] c : cases) {
            Inputs64 in = random(c, seed++, false);
            var ref = ReferenceSelectiveScan.forward64(in);
            double[] w = gauss(new SplittableRandom(seed), in.shape().sequenceSize());
            Gradients64 g = ReferenceSelectiveScan.backward64(in, w);
            compare(cuda, String.format(Locale.ROOT, "random z=%d D=%d bias=%d sp=%d dscale=%d", c[5], c[6], c[7],
                    c[8], c[9]), in, ref.out(), ref.lastState(), w, g);
        }
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
                                double[] w, Gradients64 g) {
        ScanShape s = in.shape();
        String shape = "(" + s.batch() + "," + s.dim() + "," + s.dstate() + "," + s.length() + "," + s.groups() + ")";
        double worst;
        try (CudaSelectiveScan.DeviceScan ds = cuda.upload(floats(in), FloatBuffer.wrap(Floats.toFloats(w)))) {
            ds.poisonOutputs();
            ds.forward(true);
            ds.synchronize();
            worst = excess(ds.out(), out);
            worst = Math.max(worst, excess(ds.lastState(), last));
            ds.backward();
            ds.synchronize();
            ds.poisonOutputs(); // gradient buffers now exist: poison them and run again
            ds.backward();
            ds.synchronize();
            ScanGradients r = ds.gradients();
            worst = Math.max(worst, excess(r.du(), g.du()));
            worst = Math.max(worst, excess(r.ddelta(), g.ddelta()));
            worst = Math.max(worst, excess(r.dA(), g.dA()));
            worst = Math.max(worst, excess(r.dB(), g.dB()));
            worst = Math.max(worst, excess(r.dC(), g.dC()));
            worst = Math.max(worst, excess(r.dD(), g.dD()));
            worst = Math.max(worst, excess(r.dz(), g.dz()));
            worst = Math.max(worst, excess(r.dDeltaBias(), g.dDeltaBias()));
        } catch (RuntimeException e) {
            failed = true;
            rows.add("| " + name + " | " + shape + " | " + e.getMessage() + " | FAIL |");
            return;
        }
        boolean ok = worst <= 0;
        failed |= !ok;
        rows.add(String.format(Locale.ROOT, "| %s%s | %s | %.3g | %s |", label, name, shape, worst,
                ok ? "ok" : "FAIL"));
    }

    /** Largest |a - e| - (atol + rtol |e|); NaN counts as infinite. <= 0 means within tolerance everywhere. */
    private static double excess(Object actual, double[] expected) {
        if (expected == null) {
            return actual == null ? -ATOL : Double.POSITIVE_INFINITY;
        }
        float[] a = actual instanceof FloatBuffer fb ? Floats.toArray(fb) : (float[]) actual;
        double worst = -ATOL;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(a[i] - expected[i]);
            double e = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err - (ATOL + RTOL * Math.abs(expected[i]));
            worst = Math.max(worst, e);
        }
        return worst;
    }

    // ------------------------------------------------------------------------------------------------ benchmark

    private static List<String> benchmark(String[] variants, long seed) {
        List<String> t = new ArrayList<>();
        double copy = CudaSelectiveScan.copyBandwidth(1L << 30);
        t.add(String.format(Locale.ROOT, "copy bandwidth (cuMemcpyDtoD 1 GiB, read+write): %.0f GB/s",
                copy / 1e9));
        t.add("| shape (B,D,N,L) | kernel | fwd ms | fwd+bwd ms | issue bytes GB | GB/s (issue count) | % of copy bw"
                + " | fwd special fn / s |");
        t.add("|---|---|---|---|---|---|---|---|");
        int[][] shapes = {{16, 1536, 16, 4096}, {64, 384, 16, 197}};
        for (int[] sh : shapes) {
            ScanShape s = ScanShape.of(sh[0], sh[1], sh[2], sh[3]);
            ScanInputs in = bigInputs(s, seed);
            SplittableRandom r = new SplittableRandom(seed + 7);
            float[] dout = new float[s.sequenceSize()];
            for (int i = 0; i < dout.length; i++) {
                dout[i] = (float) r.nextGaussian();
            }
            long bdl = (long) s.batch() * s.dim() * s.length();
            long issueBytes = 4L * (3 * bdl + 2 * bdl + 2L * s.bcSize());
            double specials = (double) bdl * s.dstate() + 4.0 * bdl; // exp per state; softplus, silu per element
            for (String v : variants) {
                CudaSelectiveScan k = variant(v);
                try (CudaSelectiveScan.DeviceScan ds = k.upload(in, FloatBuffer.wrap(dout))) {
                    double fwd = CudaSelectiveScan.medianMs(() -> ds.forward(false), 3, 20);
                    double bwd = CudaSelectiveScan.medianMs(ds::backward, 2, 10);
                    double gbs = issueBytes / (fwd * 1e-3) / 1e9;
                    var cf = k.forwardConfig(s);
                    var cb = k.backwardConfig(s);
                    t.add(String.format(Locale.ROOT, "| (%d,%d,%d,%d) | fwd %s nt%d x%d lanes x%d ch, bwd nt%d | %.3f |"
                                    + " %.3f | %.3f | %.0f | %.1f%% | %.2e |", sh[0], sh[1], sh[2], sh[3],
                            cf.kernel(), cf.statesPerThread(), cf.lanes(), cf.channels(), cb.statesPerThread(), fwd,
                            fwd + bwd,
                            issueBytes / 1e9, gbs, 100 * gbs * 1e9 / copy, specials / (fwd * 1e-3)));
                } catch (RuntimeException e) {
                    t.add("| (" + sh[0] + "," + sh[1] + "," + sh[2] + "," + sh[3] + ") | nt" + v + " | " + e + " |");
                }
            }
        }
        return t;
    }

    /** "v4-4" = forward v4 with 4 states per thread; "v1"; a plain number uses the default version. */
    static CudaSelectiveScan variant(String v) {
        String t = v.trim();
        if (t.equals("v1")) {
            return new CudaSelectiveScan(4, 128, "v1");
        }
        int dash = t.indexOf('-');
        return dash < 0 ? new CudaSelectiveScan(Integer.parseInt(t), 128)
                : new CudaSelectiveScan(Integer.parseInt(t.substring(dash + 1)), 128, t.substring(0, dash));
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
