package org.medrobust.models.scan;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.medrobust.datasets.npz.NpyArray;
import org.medrobust.datasets.npz.NpzArchive;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Gradients64;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Inputs64;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Outputs64;

/** Shared helpers of the scan tests: golden cases, random cases, comparisons with mamba_ssm's tolerances. */
public final class ScanTestSupport {

    /** mamba_ssm's float32 tolerances (tests/ops/test_selective_scan.py). */
    public static final double RTOL = 6e-4, ATOL = 2e-3;

    private ScanTestSupport() {
    }

    /** One golden case: float64 inputs, outputs and gradients from mamba_ssm's selective_scan_ref. */
    public record Golden(String name, Inputs64 in, double[] out, double[] lastState, double[] upstream,
                         Gradients64 grads) {

        public ScanInputs floats() {
            return toFloat(in);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The golden directory, or a skipped test with the reason. */
    public static Path goldenDir() {
        String shared = System.getProperty("medrobust.shared.dir");
        Assumptions.assumeTrue(shared != null,
                "system property medrobust.shared.dir is not set: golden selective-scan cases skipped");
        Path dir = Path.of(shared, "golden", "selective_scan");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("index.json")),
                "no golden selective-scan cases at " + dir + ": skipped");
        return dir;
    }

    /** All golden cases listed in index.json. */
    public static List<Golden> goldenCases() {
        Path dir = goldenDir();
        String index;
        try {
            index = Files.readString(dir.resolve("index.json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Golden> cases = new ArrayList<>();
        Matcher m = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"(.*?)\"file\"\\s*:\\s*\"([^\"]+)\"", Pattern.DOTALL)
                .matcher(index);
        while (m.find()) {
            boolean softplus = flag(m.group(2), "softplus");
            cases.add(load(m.group(1), dir.resolve(m.group(3)), softplus));
        }
        if (cases.isEmpty()) {
            fail("index.json lists no cases");
        }
        return cases;
    }

    private static boolean flag(String text, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(true|false)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("index.json case without " + key);
        }
        return Boolean.parseBoolean(m.group(1));
    }

    static Golden load(String name, Path file, boolean softplus) {
        Map<String, NpyArray> a = NpzArchive.read(file);
        long[] us = a.get("u").shape();
        long[] bs = a.get("B").shape();
        int groups = bs.length == 4 ? (int) bs[1] : 1;
        long[] as = a.get("A").shape();
        ScanShape shape = new ScanShape((int) us[0], (int) us[1], (int) as[1], (int) us[2], groups);
        Inputs64 in = new Inputs64(shape, d(a, "u"), d(a, "delta"), d(a, "A"), d(a, "B"), d(a, "C"), d(a, "D"),
                d(a, "z"), d(a, "delta_bias"), softplus);
        Gradients64 g = new Gradients64(d(a, "grad_u"), d(a, "grad_delta"), d(a, "grad_A"), d(a, "grad_B"),
                d(a, "grad_C"), d(a, "grad_D"), d(a, "grad_z"), d(a, "grad_delta_bias"));
        return new Golden(name, in, d(a, "out"), d(a, "last_state"), d(a, "upstream_grad"), g);
    }

    private static double[] d(Map<String, NpyArray> a, String key) {
        NpyArray x = a.get(key);
        return x == null ? null : x.toDoubles();
    }

    public static ScanInputs toFloat(Inputs64 in) {
        return ScanInputs.of(in.shape(), Floats.toFloats(in.u()), Floats.toFloats(in.delta()),
                Floats.toFloats(in.a()), Floats.toFloats(in.b()), Floats.toFloats(in.c()), Floats.toFloats(in.d()),
                Floats.toFloats(in.z()), Floats.toFloats(in.deltaBias()), in.deltaSoftplus());
    }

    /** Options of a random case. */
    public record Case(String name, int batch, int dim, int dstate, int length, int groups, boolean z, boolean d,
                       boolean bias, boolean softplus, double deltaScale) {

        @Override
        public String toString() {
            return name + "(" + batch + "," + dim + "," + dstate + "," + length + ",g" + groups + ")";
        }
    }

    /** Random inputs like mamba_ssm's tests: A = -exp(N(0,1)) (negative), delta ~ U(0,1)*scale or N. */
    public static Inputs64 random(Case c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ScanShape s = new ScanShape(c.batch(), c.dim(), c.dstate(), c.length(), c.groups());
        double[] u = gauss(r, s.sequenceSize(), 1);
        double[] delta = new double[s.sequenceSize()];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = c.softplus() ? (r.nextDouble() * 2 - 1) * c.deltaScale() : r.nextDouble() * 0.5 * c.deltaScale();
        }
        double[] a = new double[s.aSize()];
        for (int i = 0; i < a.length; i++) {
            a[i] = -Math.exp(r.nextGaussian() * 0.5) * (1 + (i % c.dstate()));
        }
        return new Inputs64(s, u, delta, a, gauss(r, s.bcSize(), 1), gauss(r, s.bcSize(), 1),
                c.d() ? gauss(r, c.dim(), 1) : null, c.z() ? gauss(r, s.sequenceSize(), 1) : null,
                c.bias() ? deltaBias(r, c) : null, c.softplus());
    }

    /**
     * Without softplus, dt = delta + bias must stay >= 0 (as Mamba feeds it): a negative dt makes exp(dt * A) > 1 and
     * the state grow geometrically, and at a loss of 1e16 central differences of step 1e-6 are all rounding.
     */
    private static double[] deltaBias(SplittableRandom r, Case c) {
        double[] bias = gauss(r, c.dim(), 0.5);
        if (!c.softplus()) {
            for (int i = 0; i < bias.length; i++) {
                bias[i] = Math.abs(bias[i]);
            }
        }
        return bias;
    }

    public static double[] gauss(SplittableRandom r, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian() * scale;
        }
        return x;
    }

    /** Rounds every input to float and back, so the float64 reference sees exactly what float backends see. */
    public static Inputs64 roundToFloat(Inputs64 in) {
        return ReferenceSelectiveScan.Inputs64.of(toFloat(in));
    }

    /** |actual - expected| <= atol + rtol * |expected| elementwise, NaN fails; reports the worst element. */
    public static void assertClose(String what, FloatBuffer actual, double[] expected, double rtol, double atol) {
        if (expected == null) {
            if (actual != null) {
                fail(what + ": expected no array");
            }
            return;
        }
        if (actual == null) {
            fail(what + ": missing");
        }
        assertClose(what, Floats.toArray(actual), expected, rtol, atol);
    }

    public static void assertClose(String what, float[] actual, double[] expected, double rtol, double atol) {
        if (actual.length != expected.length) {
            fail(what + ": length " + actual.length + " != " + expected.length);
        }
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            double tol = atol + rtol * Math.abs(expected[i]);
            if (!(err <= tol)) {
                double excess = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err - tol;
                if (worst < 0 || excess > worstExcess) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (worst >= 0) {
            fail(what + ": element " + worst + " is " + actual[worst] + ", expected " + expected[worst]
                    + " (rtol " + rtol + ", atol " + atol + ")");
        }
    }

    public static void assertClose(String what, double[] actual, double[] expected, double rtol, double atol) {
        if (actual.length != expected.length) {
            fail(what + ": length " + actual.length + " != " + expected.length);
        }
        for (int i = 0; i < actual.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= atol + rtol * Math.abs(expected[i]))) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    /** Forward into NaN-poisoned buffers, check against expected out and last state. */
    public static void checkForward(SelectiveScan backend, ScanInputs in, double[] out, double[] last, String label) {
        FloatBuffer o = FloatBuffer.allocate(in.shape().sequenceSize());
        FloatBuffer h = FloatBuffer.allocate(in.shape().stateSize());
        Floats.fill(o, Float.NaN);
        Floats.fill(h, Float.NaN);
        backend.forward(in, o, h);
        assertClose(label + " out", o, out, RTOL, ATOL);
        assertClose(label + " last_state", h, last, RTOL, ATOL);
        // again without last state, outputs poisoned with a different value
        Floats.fill(o, Float.POSITIVE_INFINITY);
        backend.forward(in, o, null);
        assertClose(label + " out (no last state)", o, out, RTOL, ATOL);
    }

    /** Backward into NaN-poisoned gradients, check against expected. */
    public static void checkBackward(SelectiveScan backend, ScanInputs in, double[] dout, Gradients64 e, String label) {
        ScanGradients g = ScanGradients.allocate(in);
        g.fill(Float.NaN);
        backend.backward(in, FloatBuffer.wrap(Floats.toFloats(dout)), g);
        assertClose(label + " du", g.du(), e.du(), RTOL, ATOL);
        assertClose(label + " ddelta", g.ddelta(), e.ddelta(), RTOL, ATOL);
        assertClose(label + " dA", g.dA(), e.dA(), RTOL, ATOL);
        assertClose(label + " dB", g.dB(), e.dB(), RTOL, ATOL);
        assertClose(label + " dC", g.dC(), e.dC(), RTOL, ATOL);
        assertClose(label + " dD", g.dD(), e.dD(), RTOL, ATOL);
        assertClose(label + " dz", g.dz(), e.dz(), RTOL, ATOL);
        assertClose(label + " ddelta_bias", g.dDeltaBias(), e.dDeltaBias(), RTOL, ATOL);
        // a second call must give the same (no accumulation across calls)
        g.fill(1e6f);
        backend.backward(in, FloatBuffer.wrap(Floats.toFloats(dout)), g);
        assertClose(label + " dA (second call)", g.dA(), e.dA(), RTOL, ATOL);
        assertClose(label + " dB (second call)", g.dB(), e.dB(), RTOL, ATOL);
    }

    /** The random cases every backend is checked on. */
    public static List<Case> randomCases() {
        return List.of(
                new Case("L1", 2, 4, 16, 1, 1, true, true, true, true, 1),
                new Case("oddL", 2, 6, 16, 37, 1, true, true, true, true, 1),
                new Case("N1", 1, 5, 1, 50, 1, true, true, true, true, 1),
                new Case("N5", 1, 3, 5, 23, 1, false, true, false, true, 1),
                new Case("grouped", 2, 8, 16, 40, 4, true, true, true, true, 1),
                new Case("grouped_oddDperG", 1, 6, 8, 21, 2, false, true, true, true, 1),
                new Case("largeDelta", 1, 4, 16, 70, 1, true, true, true, true, 30),
                new Case("noD", 2, 4, 16, 33, 1, true, false, true, true, 1),
                new Case("noZ", 2, 4, 16, 33, 1, false, true, true, true, 1),
                new Case("plain", 2, 4, 16, 33, 1, false, true, false, false, 1),
                new Case("N32_long", 1, 3, 32, 300, 1, true, true, true, true, 1));
    }

    /** Fresh seed per run, printed so a failure can be replayed with -Dmedrobust.scan.seed. */
    public static long seed() {
        String fixed = System.getProperty("medrobust.scan.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
        System.out.println("selective-scan random seed " + seed + " (replay with -Dmedrobust.scan.seed=" + seed + ")");
        return seed;
    }

    /** Reference outputs/gradients for inputs already rounded to float. */
    public static Outputs64 refForward(Inputs64 in) {
        return ReferenceSelectiveScan.forward64(in);
    }

    public static double[] randomUpstream(ScanShape s, long seed) {
        return gauss(new SplittableRandom(seed ^ 0x5DEECE66DL), s.sequenceSize(), 1);
    }
}
