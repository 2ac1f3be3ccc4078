package org.medrobust.models.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.models.scan.ScanTestSupport.Case;
import org.medrobust.models.scan.ScanTestSupport.Golden;
import org.medrobust.models.scan.cpu.CpuSelectiveScan;
import org.medrobust.models.scan.cpu.CpuSelectiveScan.Kernel;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Gradients64;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Inputs64;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Outputs64;

/** The float32 CPU backend (both kernels, one and several threads, small chunks) against golden and reference. */
class ScanCpuTest {

    /** Vector and scalar kernels, 1 and 3 threads; chunk 7 makes backward cross many chunk boundaries. */
    static List<CpuSelectiveScan> variants() {
        return List.of(new CpuSelectiveScan(1, Kernel.VECTOR, 64), new CpuSelectiveScan(3, Kernel.VECTOR, 7),
                new CpuSelectiveScan(1, Kernel.SCALAR, 64), new CpuSelectiveScan(2, Kernel.SCALAR, 5));
    }

    static String label(CpuSelectiveScan s, Object c) {
        return "cpu[" + s.kernelName() + ", " + s.threads() + "t] " + c;
    }

    @Test
    void vectorKernelIsUsedWhenTheModuleIsPresent() {
        assertThat(CpuSelectiveScan.vectorModulePresent())
                .as("surefire runs with --add-modules jdk.incubator.vector").isTrue();
        assertThat(new CpuSelectiveScan(1, Kernel.VECTOR, 64).kernelName()).startsWith("vector");
        assertThat(new CpuSelectiveScan(1, Kernel.SCALAR, 64).kernelName()).isEqualTo("scalar");
    }

    @Test
    void matchesGoldenForwardAndGradients() {
        for (Golden g : ScanTestSupport.goldenCases()) {
            for (CpuSelectiveScan cpu : variants()) {
                ScanInputs in = g.floats();
                ScanTestSupport.checkForward(cpu, in, g.out(), g.lastState(), label(cpu, g));
                ScanTestSupport.checkBackward(cpu, in, g.upstream(), g.grads(), label(cpu, g));
                cpu.close();
            }
        }
    }

    @Test
    void matchesReferenceOnFreshRandomInputs() {
        long seed = ScanTestSupport.seed();
        for (Case c : ScanTestSupport.randomCases()) {
            Inputs64 in = ScanTestSupport.roundToFloat(ScanTestSupport.random(c, seed));
            Outputs64 ref = ReferenceSelectiveScan.forward64(in);
            double[] w = ScanTestSupport.randomUpstream(in.shape(), seed);
            Gradients64 grads = ReferenceSelectiveScan.backward64(in, w);
            for (CpuSelectiveScan cpu : variants()) {
                String label = label(cpu, c) + " seed " + seed;
                ScanTestSupport.checkForward(cpu, ScanTestSupport.toFloat(in), ref.out(), ref.lastState(), label);
                ScanTestSupport.checkBackward(cpu, ScanTestSupport.toFloat(in), w, grads, label);
                cpu.close();
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesOnTinyCases() {
        long seed = ScanTestSupport.seed();
        Case c = new Case("tiny", 1, 3, 4, 9, 1, true, true, true, true, 1);
        Inputs64 in = ScanTestSupport.roundToFloat(ScanTestSupport.random(c, seed));
        double[] w = Floats.toDoubles(Floats.toFloats(ScanTestSupport.randomUpstream(in.shape(), seed)));
        Gradients64 fd = ScanReferenceTest.finiteDifferences(in, w);
        try (CpuSelectiveScan cpu = new CpuSelectiveScan(1, Kernel.VECTOR, 4)) {
            ScanTestSupport.checkBackward(cpu, ScanTestSupport.toFloat(in), w, fd, "cpu vs finite differences");
        }
    }

    @Test
    void readsAndWritesDirectBuffersAtTheirPositions() {
        long seed = ScanTestSupport.seed();
        Case c = new Case("direct", 2, 4, 16, 19, 2, true, true, true, true, 1);
        Inputs64 in64 = ScanTestSupport.roundToFloat(ScanTestSupport.random(c, seed));
        ScanInputs heap = ScanTestSupport.toFloat(in64);
        ScanInputs direct = new ScanInputs(heap.shape(), direct(heap.u()), direct(heap.delta()), direct(heap.a()),
                direct(heap.b()), direct(heap.c()), direct(heap.d()), direct(heap.z()), direct(heap.deltaBias()),
                true);
        Outputs64 ref = ReferenceSelectiveScan.forward64(in64);
        FloatBuffer out = ByteBuffer.allocateDirect(4 * (heap.shape().sequenceSize() + 3))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        Floats.fill(out, Float.NaN);
        out.position(3);
        try (CpuSelectiveScan cpu = new CpuSelectiveScan(2)) {
            cpu.forward(direct, out, null);
        }
        assertThat(out.get(0)).isNaN();
        ScanTestSupport.assertClose("direct out", out.slice(), ref.out(), ScanTestSupport.RTOL, ScanTestSupport.ATOL);
    }

    /** A direct copy placed at position 2 of a larger buffer, to prove positions are honoured. */
    private static FloatBuffer direct(FloatBuffer heap) {
        if (heap == null) {
            return null;
        }
        FloatBuffer d = ByteBuffer.allocateDirect(4 * (heap.limit() + 2)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        d.put(0, -999f).put(1, -999f);
        for (int i = 0; i < heap.limit(); i++) {
            d.put(i + 2, heap.get(i));
        }
        d.position(2);
        return d;
    }
}
