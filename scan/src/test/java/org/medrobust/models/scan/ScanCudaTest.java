package org.medrobust.models.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.medrobust.models.scan.ScanTestSupport.Case;
import org.medrobust.models.scan.ScanTestSupport.Golden;
import org.medrobust.models.scan.cuda.CudaSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Gradients64;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Inputs64;

/**
 * CUDA backend. Without a driver (CI) the parity tests skip with the backend's reason; the PTX shipping and the
 * clean fallback are checked everywhere. On a GPU machine scripts/gpu-scan-check.sh runs the same parity checks
 * without Maven.
 */
class ScanCudaTest {

    private final CudaSelectiveScan cuda = new CudaSelectiveScan();

    private void assumeGpu() {
        var a = cuda.availability();
        if (!a.available()) {
            System.out.println("CUDA backend unavailable, GPU parity skipped: " + a.reason());
        }
        Assumptions.assumeTrue(a.available(), "CUDA backend unavailable, GPU parity skipped: " + a.reason());
    }

    @Test
    void ptxIsShippedAsAResourceWithEveryKernel() throws Exception {
        try (InputStream in = CudaSelectiveScan.class.getResourceAsStream(CudaSelectiveScan.PTX_RESOURCE)) {
            assertThat(in).as("PTX resource in the jar").isNotNull();
            String ptx = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            for (String k : new String[] {"ssm_fwd_nt1", "ssm_fwd_nt4", "ssm_fwd_nt16", "ssm_fwd_v5_nt4_s4", "ssm_bwd_nt1",
                "ssm_bwd_nt4", "reduce_parts"}) {
                assertThat(ptx).contains(".entry " + k);
            }
        }
    }

    @Test
    void withoutADriverTheBackendSaysWhyAndAutoFallsBackToCpu() {
        var a = cuda.availability();
        assertThat(a.reason()).isNotBlank();
        if (!a.available()) {
            assertThat(ScanBackends.auto().name()).isIn("cpu", "reference", "djl");
            assertThatThrownBy(() -> ScanBackends.select("cuda")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(a.reason());
            ScanInputs in = ScanTestSupport.toFloat(ScanTestSupport.random(ScanTestSupport.randomCases().get(0), 1));
            assertThatThrownBy(() -> cuda.forward(in, false)).hasMessageContaining("unavailable");
        } else {
            assertThat(ScanBackends.auto().name()).isEqualTo("cuda");
        }
    }

    @Test
    void launchConfigurationsCoverOddSizes() {
        var c = cuda.forwardConfig(new ScanShape(2, 6, 5, 10, 2)); // 3 channels per group, N = 5
        assertThat(c.statesPerThread() * c.lanes()).isGreaterThanOrEqualTo(5);
        assertThat(3 % c.channels()).isZero();
        var big = cuda.forwardConfig(ScanShape.of(16, 1536, 16, 4096));
        assertThat(big.threads()).isEqualTo(128);
        assertThat(cuda.backwardConfig(ScanShape.of(1, 4, 128, 8)).statesPerThread()).isEqualTo(4);
        assertThatThrownBy(() -> cuda.backwardConfig(ScanShape.of(1, 4, 256, 8)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void matchesGolden() {
        assumeGpu();
        for (Golden g : ScanTestSupport.goldenCases()) {
            ScanTestSupport.checkForward(cuda, g.floats(), g.out(), g.lastState(), "cuda " + g);
            ScanTestSupport.checkBackward(cuda, g.floats(), g.upstream(), g.grads(), "cuda " + g);
        }
    }

    @Test
    void matchesReferenceOnFreshRandomInputs() {
        assumeGpu();
        long seed = ScanTestSupport.seed();
        for (Case c : ScanTestSupport.randomCases()) {
            Inputs64 in = ScanTestSupport.roundToFloat(ScanTestSupport.random(c, seed));
            var ref = ReferenceSelectiveScan.forward64(in);
            double[] w = ScanTestSupport.randomUpstream(in.shape(), seed);
            Gradients64 grads = ReferenceSelectiveScan.backward64(in, w);
            ScanTestSupport.checkForward(cuda, ScanTestSupport.toFloat(in), ref.out(), ref.lastState(), "cuda " + c);
            ScanTestSupport.checkBackward(cuda, ScanTestSupport.toFloat(in), w, grads, "cuda " + c);
        }
    }
}
