package org.medrobust.models.scan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.models.scan.ScanTestSupport.Case;
import org.medrobust.models.scan.ScanTestSupport.Golden;
import org.medrobust.models.scan.cpu.CpuSelectiveScan;
import org.medrobust.models.scan.djl.DjlScanBridge;
import org.medrobust.models.scan.djl.DjlSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Gradients64;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Inputs64;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Outputs64;

/** DJL NDArray backend (autograd) and the zero-copy bridge that runs the CPU backend on DJL tensors. */
class ScanDjlTest {

    private final DjlSelectiveScan djl = new DjlSelectiveScan();

    @Test
    void djlBackendMatchesGoldenForwardAndAutogradGradients() {
        assertThat(djl.availability().available()).as(djl.availability().reason()).isTrue();
        for (Golden g : ScanTestSupport.goldenCases()) {
            ScanTestSupport.checkForward(djl, g.floats(), g.out(), g.lastState(), "djl " + g);
            ScanTestSupport.checkBackward(djl, g.floats(), g.upstream(), g.grads(), "djl " + g);
        }
    }

    @Test
    void djlBackendMatchesReferenceOnFreshRandomInputs() {
        long seed = ScanTestSupport.seed();
        for (Case c : List.of(ScanTestSupport.randomCases().get(0), ScanTestSupport.randomCases().get(2),
                ScanTestSupport.randomCases().get(4), ScanTestSupport.randomCases().get(6),
                ScanTestSupport.randomCases().get(7), ScanTestSupport.randomCases().get(9))) {
            Inputs64 in = ScanTestSupport.roundToFloat(ScanTestSupport.random(c, seed));
            Outputs64 ref = ReferenceSelectiveScan.forward64(in);
            double[] w = ScanTestSupport.randomUpstream(in.shape(), seed);
            Gradients64 grads = ReferenceSelectiveScan.backward64(in, w);
            ScanTestSupport.checkForward(djl, ScanTestSupport.toFloat(in), ref.out(), ref.lastState(), "djl " + c);
            ScanTestSupport.checkBackward(djl, ScanTestSupport.toFloat(in), w, grads, "djl " + c);
        }
    }

    @Test
    void bridgeRunsTheCpuBackendOnDjlTensorsWithoutCopies() {
        long seed = ScanTestSupport.seed();
        Case c = new Case("bridge", 2, 8, 16, 23, 2, true, true, true, true, 1);
        Inputs64 in = ScanTestSupport.roundToFloat(ScanTestSupport.random(c, seed));
        ScanShape s = in.shape();
        Outputs64 ref = ReferenceSelectiveScan.forward64(in);
        double[] w = ScanTestSupport.randomUpstream(s, seed);
        Gradients64 grads = ReferenceSelectiveScan.backward64(in, w);
        try (NDManager m = NDManager.newBaseManager(); CpuSelectiveScan cpu = new CpuSelectiveScan(2)) {
            Shape seq = new Shape(s.batch(), s.dim(), s.length());
            Shape bc = new Shape(s.batch(), s.groups(), s.dstate(), s.length());
            NDArray u = m.create(Floats.toFloats(in.u()), seq);
            NDArray delta = m.create(Floats.toFloats(in.delta()), seq);
            NDArray a = m.create(Floats.toFloats(in.a()), new Shape(s.dim(), s.dstate()));
            NDArray b = m.create(Floats.toFloats(in.b()), bc);
            NDArray cc = m.create(Floats.toFloats(in.c()), bc);
            NDArray d = m.create(Floats.toFloats(in.d()), new Shape(s.dim()));
            NDArray z = m.create(Floats.toFloats(in.z()), seq);
            NDArray bias = m.create(Floats.toFloats(in.deltaBias()), new Shape(s.dim()));

            // the view is the tensor's memory: a write through it shows in the tensor
            FloatBuffer view = DjlScanBridge.view(u, "u");
            assertThat(view.isDirect()).isTrue();
            float keep = view.get(5);
            view.put(5, 12345f);
            assertThat(u.toFloatArray()[5]).isEqualTo(12345f);
            view.put(5, keep);

            DjlScanBridge bridge = new DjlScanBridge(cpu);
            NDList r = bridge.forward(m, u, delta, a, b, cc, d, z, bias, true, true);
            assertThat(r.get(0).getShape()).isEqualTo(seq);
            ScanTestSupport.assertClose("bridge out", r.get(0).toFloatArray(), ref.out(), ScanTestSupport.RTOL,
                    ScanTestSupport.ATOL);
            ScanTestSupport.assertClose("bridge last", r.get(1).toFloatArray(), ref.lastState(), ScanTestSupport.RTOL,
                    ScanTestSupport.ATOL);
            // the output tensor wraps the bridge's direct buffer: a write through its view shows in the tensor
            FloatBuffer outView = DjlScanBridge.view(r.get(0), "out");
            outView.put(0, -777f);
            assertThat(r.get(0).toFloatArray()[0]).isEqualTo(-777f);

            NDArray dout = m.create(Floats.toFloats(w), seq);
            DjlScanBridge.Gradients g = bridge.backward(m, u, delta, a, b, cc, d, z, bias, true, dout);
            double rt = ScanTestSupport.RTOL, at = ScanTestSupport.ATOL;
            ScanTestSupport.assertClose("bridge du", g.du().toFloatArray(), grads.du(), rt, at);
            ScanTestSupport.assertClose("bridge ddelta", g.ddelta().toFloatArray(), grads.ddelta(), rt, at);
            ScanTestSupport.assertClose("bridge dA", g.dA().toFloatArray(), grads.dA(), rt, at);
            ScanTestSupport.assertClose("bridge dB", g.dB().toFloatArray(), grads.dB(), rt, at);
            ScanTestSupport.assertClose("bridge dC", g.dC().toFloatArray(), grads.dC(), rt, at);
            ScanTestSupport.assertClose("bridge dD", g.dD().toFloatArray(), grads.dD(), rt, at);
            ScanTestSupport.assertClose("bridge dz", g.dz().toFloatArray(), grads.dz(), rt, at);
            ScanTestSupport.assertClose("bridge dbias", g.dDeltaBias().toFloatArray(), grads.dDeltaBias(), rt, at);
        }
    }
}
