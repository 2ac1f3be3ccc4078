package org.medrobust.models.scan;

import static org.medrobust.models.scan.ScanTestSupport.assertClose;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.medrobust.models.scan.ScanTestSupport.Case;
import org.medrobust.models.scan.ScanTestSupport.Golden;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Gradients64;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Inputs64;

/** The float64 oracle against mamba_ssm's golden cases (tightly) and against finite differences. */
class ScanReferenceTest {

    @Test
    void float64ReferenceMatchesGoldenTightly() {
        for (Golden g : ScanTestSupport.goldenCases()) {
            var out = ReferenceSelectiveScan.forward64(g.in());
            assertClose(g.name() + " out", out.out(), g.out(), 1e-9, 1e-9);
            assertClose(g.name() + " last_state", out.lastState(), g.lastState(), 1e-9, 1e-9);
            Gradients64 d = ReferenceSelectiveScan.backward64(g.in(), g.upstream());
            Gradients64 e = g.grads();
            assertClose(g.name() + " du", d.du(), e.du(), 1e-9, 1e-9);
            assertClose(g.name() + " ddelta", d.ddelta(), e.ddelta(), 1e-9, 1e-9);
            assertClose(g.name() + " dA", d.dA(), e.dA(), 1e-9, 1e-9);
            assertClose(g.name() + " dB", d.dB(), e.dB(), 1e-9, 1e-9);
            assertClose(g.name() + " dC", d.dC(), e.dC(), 1e-9, 1e-9);
            if (e.dD() != null) {
                assertClose(g.name() + " dD", d.dD(), e.dD(), 1e-9, 1e-9);
            }
            if (e.dz() != null) {
                assertClose(g.name() + " dz", d.dz(), e.dz(), 1e-9, 1e-9);
            }
            if (e.dDeltaBias() != null) {
                assertClose(g.name() + " ddelta_bias", d.dDeltaBias(), e.dDeltaBias(), 1e-9, 1e-9);
            }
        }
    }

    @Test
    void referenceGradientsMatchFiniteDifferences() {
        long seed = ScanTestSupport.seed();
        for (Case c : List.of(new Case("tiny", 2, 3, 4, 7, 1, true, true, true, true, 1),
                new Case("tinyGrouped", 1, 4, 3, 6, 2, false, true, true, false, 1),
                new Case("tinyLargeDelta", 1, 2, 2, 5, 1, true, false, true, true, 30))) {
            Inputs64 in = ScanTestSupport.random(c, seed++);
            double[] w = ScanTestSupport.randomUpstream(in.shape(), seed);
            Gradients64 g = ReferenceSelectiveScan.backward64(in, w);
            Gradients64 fd = finiteDifferences(in, w);
            assertGradientsClose(c + " seed " + (seed - 1) + " ", in, g, fd);
        }
    }

    private static void assertGradientsClose(String p, Inputs64 in, Gradients64 g, Gradients64 fd) {
        assertClose(p + "du", g.du(), fd.du(), 1e-5, 1e-6);
        assertClose(p + "ddelta", g.ddelta(), fd.ddelta(), 1e-5, 1e-6);
        assertClose(p + "dA", g.dA(), fd.dA(), 1e-5, 1e-6);
        assertClose(p + "dB", g.dB(), fd.dB(), 1e-5, 1e-6);
        assertClose(p + "dC", g.dC(), fd.dC(), 1e-5, 1e-6);
        if (in.d() != null) {
            assertClose(p + "dD", g.dD(), fd.dD(), 1e-5, 1e-6);
        }
        if (in.z() != null) {
            assertClose(p + "dz", g.dz(), fd.dz(), 1e-5, 1e-6);
        }
        if (in.deltaBias() != null) {
            assertClose(p + "ddelta_bias", g.dDeltaBias(), fd.dDeltaBias(), 1e-5, 1e-6);
        }
    }

    @Test
    void dlastStateGradientsMatchFiniteDifferences() {
        long seed = ScanTestSupport.seed();
        for (Case c : List.of(new Case("tinyDlast", 2, 3, 4, 7, 1, true, true, true, true, 1),
                new Case("tinyDlastGrouped", 1, 4, 3, 6, 2, false, true, false, false, 1))) {
            Inputs64 in = ScanTestSupport.random(c, seed++);
            double[] w = ScanTestSupport.randomUpstream(in.shape(), seed);
            double[] dlast = ScanTestSupport.randomUpstream(new ScanShape(1, 1, 1, in.shape().stateSize(), 1),
                    seed + 1);
            Gradients64 g = ReferenceSelectiveScan.backward64(in, w, dlast);
            Gradients64 fd = finiteDifferences(in, w, dlast);
            assertGradientsClose(c + " seed " + (seed - 1) + " dlast ", in, g, fd);
        }
    }

    /** Central differences of loss = sum(out * w) of the float64 reference, for every element of every input. */
    static Gradients64 finiteDifferences(Inputs64 in, double[] w) {
        return finiteDifferences(in, w, null);
    }

    /** The same for loss = sum(out * w) + sum(last_state * dlast) (dlast may be null). */
    static Gradients64 finiteDifferences(Inputs64 in, double[] w, double[] dlast) {
        Function<Inputs64, Double> loss = x -> {
            var r = ReferenceSelectiveScan.forward64(x);
            double[] out = r.out();
            double s = 0;
            for (int i = 0; i < out.length; i++) {
                s += out[i] * w[i];
            }
            for (int i = 0; dlast != null && i < dlast.length; i++) {
                s += r.lastState()[i] * dlast[i];
            }
            return s;
        };
        return new Gradients64(fd(in.u(), in, loss), fd(in.delta(), in, loss), fd(in.a(), in, loss),
                fd(in.b(), in, loss), fd(in.c(), in, loss), fd(in.d(), in, loss), fd(in.z(), in, loss),
                fd(in.deltaBias(), in, loss));
    }

    private static double[] fd(double[] x, Inputs64 in, Function<Inputs64, Double> loss) {
        if (x == null) {
            return null;
        }
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            double h = 1e-6 * Math.max(1, Math.abs(keep));
            x[i] = keep + h;
            double up = loss.apply(in);
            x[i] = keep - h;
            double down = loss.apply(in);
            x[i] = keep;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }
}
