package org.medrobust.models.scan.reference;

import java.nio.FloatBuffer;
import org.medrobust.models.scan.Availability;
import org.medrobust.models.scan.Floats;
import org.medrobust.models.scan.ScanGradients;
import org.medrobust.models.scan.ScanInputs;
import org.medrobust.models.scan.ScanShape;
import org.medrobust.models.scan.SelectiveScan;

/**
 * The oracle: float64, one straightforward loop nest, full state history kept in memory (O(B*D*L*N) doubles), no
 * threads. Its float32 entry points convert to double, compute, and round once at the end.
 */
public final class ReferenceSelectiveScan implements SelectiveScan {

    /** Inputs in float64; d, z, deltaBias may be null. Layouts as {@link ScanInputs}. */
    public record Inputs64(ScanShape shape, double[] u, double[] delta, double[] a, double[] b, double[] c, double[] d,
                           double[] z, double[] deltaBias, boolean deltaSoftplus) {

        public static Inputs64 of(ScanInputs in) {
            return new Inputs64(in.shape(), d(in.u()), d(in.delta()), d(in.a()), d(in.b()), d(in.c()), d(in.d()),
                    d(in.z()), d(in.deltaBias()), in.deltaSoftplus());
        }

        private static double[] d(FloatBuffer f) {
            return Floats.toDoubles(Floats.toArray(f));
        }
    }

    /** Forward result in float64; lastState is (batch, dim, dstate). */
    public record Outputs64(double[] out, double[] lastState) {
    }

    /** Gradients in float64; dD, dz, dDeltaBias null when the input is absent. */
    public record Gradients64(double[] du, double[] ddelta, double[] dA, double[] dB, double[] dC, double[] dD,
                              double[] dz, double[] dDeltaBias) {
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Availability availability() {
        return Availability.yes("float64 reference, always available");
    }

    @Override
    public void forward(ScanInputs in, FloatBuffer out, FloatBuffer lastState) {
        SelectiveScan.checkForward(in, out, lastState);
        Outputs64 r = forward64(Inputs64.of(in));
        put(out.slice(), r.out());
        if (lastState != null) {
            put(lastState.slice(), r.lastState());
        }
    }

    @Override
    public void backward(ScanInputs in, FloatBuffer dout, ScanGradients grads) {
        grads.check(in);
        Gradients64 g = backward64(Inputs64.of(in), Floats.toDoubles(Floats.toArray(dout.slice())));
        put(grads.du(), g.du());
        put(grads.ddelta(), g.ddelta());
        put(grads.dA(), g.dA());
        put(grads.dB(), g.dB());
        put(grads.dC(), g.dC());
        put(grads.dD(), g.dD());
        put(grads.dz(), g.dz());
        put(grads.dDeltaBias(), g.dDeltaBias());
    }

    private static void put(FloatBuffer dst, double[] src) {
        if (dst == null || src == null) {
            return;
        }
        for (int i = 0; i < src.length; i++) {
            dst.put(i, (float) src[i]);
        }
    }

    /** softplus with PyTorch's threshold (x > 20 passes through). */
    public static double softplus(double x) {
        return x > 20 ? x : Math.log1p(Math.exp(x));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * Values put into a reference scan at chosen places (the oracle of fault injection): {@code state} may replace
     * {@code h[b, d, k]} right after step t updated it, before the readout; {@code output} may replace
     * {@code y[b, d, t] = C_t . h_t} before the skip term and the gate. Return the value given to change nothing.
     */
    public interface Tamper {
        double state(int b, int d, int k, int t, double h);

        double output(int b, int d, int t, double y);
    }

    public static Outputs64 forward64(Inputs64 in) {
        return forward64(in, null);
    }

    /** {@link #forward64(Inputs64)} with {@code tamper} (null: none) applied at every state and readout. */
    public static Outputs64 forward64(Inputs64 in, Tamper tamper) {
        ScanShape s = in.shape();
        int bs = s.batch(), dim = s.dim(), n = s.dstate(), len = s.length(), g = s.groups();
        double[] out = new double[s.sequenceSize()];
        double[] last = new double[s.stateSize()];
        double[] h = new double[n];
        for (int b = 0; b < bs; b++) {
            for (int d = 0; d < dim; d++) {
                int grp = s.groupOf(d);
                int bcBase = (b * g + grp) * n * len;
                int row = (b * dim + d) * len;
                java.util.Arrays.fill(h, 0);
                for (int t = 0; t < len; t++) {
                    double dt = dt(in, d, row + t);
                    double uu = in.u()[row + t];
                    double y = 0;
                    for (int k = 0; k < n; k++) {
                        double a = Math.exp(dt * in.a()[d * n + k]);
                        h[k] = a * h[k] + dt * in.b()[bcBase + k * len + t] * uu;
                        if (tamper != null) {
                            h[k] = tamper.state(b, d, k, t, h[k]);
                        }
                        y += in.c()[bcBase + k * len + t] * h[k];
                    }
                    if (tamper != null) {
                        y = tamper.output(b, d, t, y);
                    }
                    if (in.d() != null) {
                        y += in.d()[d] * uu;
                    }
                    if (in.z() != null) {
                        double zz = in.z()[row + t];
                        y *= zz * sigmoid(zz);
                    }
                    out[row + t] = y;
                }
                System.arraycopy(h, 0, last, (b * dim + d) * n, n);
            }
        }
        return new Outputs64(out, last);
    }

    private static double dt(Inputs64 in, int d, int idx) {
        double v = in.delta()[idx] + (in.deltaBias() == null ? 0 : in.deltaBias()[d]);
        return in.deltaSoftplus() ? softplus(v) : v;
    }

    /** Gradients of sum(out * dout). */
    public static Gradients64 backward64(Inputs64 in, double[] dout) {
        return backward64(in, dout, null);
    }

    /**
     * Gradients of sum(out * dout) + sum(last_state * dlast) (mamba_ssm's dlast_state, (batch, dim, dstate); null
     * for none): the adjoint recurrence starts from dlast instead of zero.
     */
    public static Gradients64 backward64(Inputs64 in, double[] dout, double[] dlast) {
        ScanShape s = in.shape();
        int bs = s.batch(), dim = s.dim(), n = s.dstate(), len = s.length(), g = s.groups();
        double[] du = new double[s.sequenceSize()];
        double[] ddelta = new double[s.sequenceSize()];
        double[] dA = new double[s.aSize()];
        double[] dB = new double[s.bcSize()];
        double[] dC = new double[s.bcSize()];
        double[] dD = in.d() == null ? null : new double[dim];
        double[] dz = in.z() == null ? null : new double[s.sequenceSize()];
        double[] dBias = in.deltaBias() == null ? null : new double[dim];
        double[][] hist = new double[len + 1][n];
        double[] dh = new double[n];
        for (int b = 0; b < bs; b++) {
            for (int d = 0; d < dim; d++) {
                int grp = s.groupOf(d);
                int bcBase = (b * g + grp) * n * len;
                int row = (b * dim + d) * len;
                // forward with history; hist[t + 1] = h_t
                java.util.Arrays.fill(hist[0], 0);
                double[] y = new double[len];
                for (int t = 0; t < len; t++) {
                    double dt = dt(in, d, row + t);
                    double uu = in.u()[row + t];
                    double acc = 0;
                    for (int k = 0; k < n; k++) {
                        double a = Math.exp(dt * in.a()[d * n + k]);
                        hist[t + 1][k] = a * hist[t][k] + dt * in.b()[bcBase + k * len + t] * uu;
                        acc += in.c()[bcBase + k * len + t] * hist[t + 1][k];
                    }
                    y[t] = acc + (in.d() == null ? 0 : in.d()[d] * uu);
                }
                for (int k = 0; k < n; k++) {
                    dh[k] = dlast == null ? 0 : dlast[(b * dim + d) * n + k];
                }
                for (int t = len - 1; t >= 0; t--) {
                    double raw = in.delta()[row + t] + (in.deltaBias() == null ? 0 : in.deltaBias()[d]);
                    double dt = in.deltaSoftplus() ? softplus(raw) : raw;
                    double uu = in.u()[row + t];
                    double go = dout[row + t];
                    double gy = go;
                    if (in.z() != null) {
                        double zz = in.z()[row + t];
                        double sg = sigmoid(zz);
                        gy = go * zz * sg;
                        dz[row + t] = go * y[t] * sg * (1 + zz * (1 - sg));
                    }
                    if (dD != null) {
                        dD[d] += gy * uu;
                    }
                    double ddt = 0;
                    double dx = 0; // d loss / d (dt * u), summed over states
                    for (int k = 0; k < n; k++) {
                        int bc = bcBase + k * len + t;
                        dC[bc] += gy * hist[t + 1][k];
                        double dhk = dh[k] + in.c()[bc] * gy;
                        double ak = in.a()[d * n + k];
                        double a = Math.exp(dt * ak);
                        dB[bc] += dhk * dt * uu;
                        dx += dhk * in.b()[bc];
                        double da = dhk * hist[t][k];
                        ddt += da * a * ak;
                        dA[d * n + k] += da * a * dt;
                        dh[k] = dhk * a;
                    }
                    ddt += dx * uu;
                    du[row + t] = dx * dt + (in.d() == null ? 0 : gy * in.d()[d]);
                    double dRaw = in.deltaSoftplus() ? (raw > 20 ? ddt : ddt * sigmoid(raw)) : ddt;
                    ddelta[row + t] = dRaw;
                    if (dBias != null) {
                        dBias[d] += dRaw;
                    }
                }
            }
        }
        return new Gradients64(du, ddelta, dA, dB, dC, dD, dz, dBias);
    }
}
