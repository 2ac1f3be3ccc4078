package org.medrobust.models.scan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.djl.TorchShim;
import org.medrobust.models.scan.ScanTestSupport.Case;
import org.medrobust.models.scan.cpu.CpuSelectiveScan;
import org.medrobust.models.scan.djl.DjlCudaScanBridge;
import org.medrobust.models.scan.djl.DjlScanBridge;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Inputs64;

/**
 * The CUDA scan on DJL GPU tensors in place: forward and every gradient against the CPU kernel on the same tensors
 * (itself checked against the float64 reference in ScanDjlTest), within mamba_ssm's tolerance (rtol 6e-4, atol 2e-3).
 * Skipped where no GPU, CUDA-built libtorch or torch shim is present (every CPU machine).
 */
class ScanDjlCudaTest {

    @Test
    void withoutTheShimGpuTensorsAreNotScannedByCuda() {
        Assumptions.assumeTrue(System.getProperty(TorchShim.PATH_PROPERTY) == null
                && System.getenv(TorchShim.PATH_ENV) == null, "a torch shim is configured");
        assertThat(DjlCudaScanBridge.enabled()).isFalse();
        assertThat(DjlCudaScanBridge.availability().reason()).contains("no torch shim");
    }

    @Test
    void cudaBridgeMatchesTheCpuKernelOnGpuTensors() {
        Assumptions.assumeTrue(DjlRuntime.ensureOfflineEngine().getGpuCount() > 0, "no GPU visible to DJL");
        Assumptions.assumeTrue(DjlCudaScanBridge.availability().available(),
                "CUDA scan on DJL tensors unavailable: " + DjlCudaScanBridge.availability().reason());
        long seed = ScanTestSupport.seed();
        for (Case c : new Case[] {new Case("gpu", 2, 8, 16, 23, 2, true, true, true, true, 1),
                new Case("gpu long", 3, 32, 16, 300, 1, true, true, true, true, 1)}) {
            Inputs64 in = ScanTestSupport.roundToFloat(ScanTestSupport.random(c, seed));
            ScanShape s = in.shape();
            try (NDManager cpuM = NDManager.newBaseManager(Device.cpu());
                 NDManager gpuM = NDManager.newBaseManager(Device.gpu());
                 CpuSelectiveScan cpu = new CpuSelectiveScan(1)) {
                NDArray[] x = tensors(cpuM, in, s);
                NDArray[] y = new NDArray[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = x[i].toDevice(Device.gpu(), true);
                    y[i].attach(gpuM);
                }
                NDArray dout = cpuM.randomNormal(new Shape(s.batch(), s.dim(), s.length()));
                DjlScanBridge bridge = new DjlScanBridge(cpu);
                NDArray expected = bridge.forward(cpuM, x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], true, false).head();
                NDArray actual = DjlCudaScanBridge.forward(gpuM, y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7], true);
                close(expected, actual.toDevice(Device.cpu(), true), c + " out");
                DjlScanBridge.Gradients ge = bridge.backward(cpuM, x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], true,
                        dout);
                DjlScanBridge.Gradients ga = DjlCudaScanBridge.backward(gpuM, y[0], y[1], y[2], y[3], y[4], y[5], y[6],
                        y[7], true, dout.toDevice(Device.gpu(), true));
                close(ge.du(), ga.du(), c + " du");
                close(ge.ddelta(), ga.ddelta(), c + " ddelta");
                close(ge.dA(), ga.dA(), c + " dA");
                close(ge.dB(), ga.dB(), c + " dB");
                close(ge.dC(), ga.dC(), c + " dC");
                close(ge.dD(), ga.dD(), c + " dD");
                close(ge.dz(), ga.dz(), c + " dz");
                close(ge.dDeltaBias(), ga.dDeltaBias(), c + " ddelta_bias");
            }
        }
    }

    private static NDArray[] tensors(NDManager m, Inputs64 in, ScanShape s) {
        Shape seq = new Shape(s.batch(), s.dim(), s.length());
        Shape bc = new Shape(s.batch(), s.groups(), s.dstate(), s.length());
        return new NDArray[] {m.create(Floats.toFloats(in.u()), seq), m.create(Floats.toFloats(in.delta()), seq),
            m.create(Floats.toFloats(in.a()), new Shape(s.dim(), s.dstate())), m.create(Floats.toFloats(in.b()), bc),
            m.create(Floats.toFloats(in.c()), bc), m.create(Floats.toFloats(in.d()), new Shape(s.dim())),
            m.create(Floats.toFloats(in.z()), seq), m.create(Floats.toFloats(in.deltaBias()), new Shape(s.dim()))};
    }

    private static void close(NDArray expected, NDArray actual, String what) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toDevice(Device.cpu(), false).toFloatArray();
        assertThat(a).as(what).hasSameSizeAs(e);
        for (int i = 0; i < e.length; i++) {
            assertThat((double) Math.abs(a[i] - e[i])).as(what + " [" + i + "]").isLessThanOrEqualTo(2e-3 + 6e-4 * Math.abs(e[i]));
        }
    }
}
