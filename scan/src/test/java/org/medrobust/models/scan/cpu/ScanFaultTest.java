package org.medrobust.models.scan.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.medrobust.models.scan.ScanFault;
import org.medrobust.models.scan.ScanInputs;
import org.medrobust.models.scan.ScanShape;
import org.medrobust.models.scan.ScanTestSupport;
import org.medrobust.models.scan.ScanTestSupport.Case;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan.Inputs64;

/**
 * Faults inside the CPU scan against the float64 reference: the reference, given the very value the faulty scan
 * produced at the fault's site (inserted through {@link ReferenceSelectiveScan.Tamper}), must give the faulty scan's
 * outputs from the fault's step on within mamba_ssm's float32 tolerances; every output before the step, and every
 * other channel, must equal the clean scan's bit for bit; each hit differs from the value before it in exactly the
 * requested bit (raw int bits).
 */
class ScanFaultTest {

    @ParameterizedTest(name = "{0} dstate {1} step {2} bit {3} kernel {4}")
    @CsvSource({"STATE, 16, 70, 30, VECTOR", "STATE, 16, 0, 23, SCALAR", "STATE, 5, 149, 31, VECTOR",
            "STATE, 5, 64, 10, SCALAR", "OUTPUT, 16, 70, 30, VECTOR", "OUTPUT, 5, 3, 22, SCALAR"})
    void faultyScanMatchesTheReferenceWithTheSameValueInserted(ScanFault.Target target, int dstate, int step, int bit,
                                                               CpuSelectiveScan.Kernel kernel) {
        Case c = new Case("fault", 2, 6, dstate, 150, 2, true, true, true, true, 1);
        Inputs64 in64 = ScanTestSupport.roundToFloat(ScanTestSupport.random(c, 41 + step));
        ScanInputs in = ScanTestSupport.toFloat(in64);
        ScanShape s = in.shape();
        ScanFault fault = new ScanFault(target, 3, Math.min(4, dstate - 1), step, bit);
        try (CpuSelectiveScan scan = new CpuSelectiveScan(2, kernel, 64)) {
            float[] clean = new float[s.sequenceSize()];
            float[] cleanLast = new float[s.stateSize()];
            scan.forward(in, FloatBuffer.wrap(clean), FloatBuffer.wrap(cleanLast), null, null);
            float[] faulty = new float[s.sequenceSize()];
            float[] faultyLast = new float[s.stateSize()];
            List<ScanFault.Hit> hits = new ArrayList<>();
            scan.forward(in, FloatBuffer.wrap(faulty), FloatBuffer.wrap(faultyLast), fault, hits);

            assertThat(hits).extracting(ScanFault.Hit::batch).containsExactly(0, 1);
            for (ScanFault.Hit hit : hits) {
                assertThat(Float.floatToRawIntBits(hit.before()) ^ Float.floatToRawIntBits(hit.after()))
                        .isEqualTo(1 << bit);
            }
            int len = s.length();
            for (int row = 0; row < s.batch() * s.dim(); row++) {
                boolean hitRow = row % s.dim() == fault.channel();
                for (int t = 0; t < len; t++) {
                    if (!hitRow || t < step) {
                        assertThat(Float.floatToRawIntBits(faulty[row * len + t])).as("row %d step %d", row, t)
                                .isEqualTo(Float.floatToRawIntBits(clean[row * len + t]));
                    }
                }
            }
            if (target == ScanFault.Target.STATE && step == len - 1) {
                // the last state is h at the fault's step: exactly the requested bit of the requested element differs
                for (int i = 0; i < cleanLast.length; i++) {
                    int b = i / (s.dim() * s.dstate()), d = i / s.dstate() % s.dim(), k = i % s.dstate();
                    int expected = d == fault.channel() && k == fault.state() ? 1 << bit : 0;
                    assertThat(Float.floatToRawIntBits(faultyLast[i]) ^ Float.floatToRawIntBits(cleanLast[i]))
                            .as("state b%d d%d k%d", b, d, k).isEqualTo(expected);
                }
            }

            double[] reference = ReferenceSelectiveScan.forward64(in64, new ReferenceSelectiveScan.Tamper() {
                @Override
                public double state(int b, int d, int k, int t, double h) {
                    return target == ScanFault.Target.STATE && d == fault.channel() && k == fault.state()
                            && t == step ? hits.get(b).after() : h;
                }

                @Override
                public double output(int b, int d, int t, double y) {
                    return target == ScanFault.Target.OUTPUT && d == fault.channel() && t == step
                            ? hits.get(b).after() : y;
                }
            }).out();
            for (int b = 0; b < s.batch(); b++) {
                int row = (b * s.dim() + fault.channel()) * len;
                for (int t = step; t < len; t++) {
                    float expected = (float) reference[row + t];
                    float actual = faulty[row + t];
                    boolean same = Float.isInfinite(expected) ? actual == expected
                            : Math.abs(actual - reference[row + t])
                            <= ScanTestSupport.ATOL + ScanTestSupport.RTOL * Math.abs(reference[row + t]);
                    assertThat(same).as("batch %d step %d: %s vs reference %s", b, t, actual, reference[row + t])
                            .isTrue();
                }
            }
            // the fault matters: the flipped value moved the output at its step
            assertThat(faulty[(s.dim() + fault.channel()) * len + step])
                    .isNotEqualTo(clean[(s.dim() + fault.channel()) * len + step]);
        }
    }

    @Test
    void aSiteOutsideTheScanIsRefusedWithItsShape() {
        Case c = new Case("small", 1, 4, 16, 10, 1, false, true, true, true, 1);
        ScanInputs in = ScanTestSupport.toFloat(ScanTestSupport.random(c, 3));
        float[] out = new float[in.shape().sequenceSize()];
        assertThatThrownBy(() -> CpuSelectiveScan.shared().forward(in, FloatBuffer.wrap(out), null,
                new ScanFault(ScanFault.Target.STATE, 1, 2, 10, 30), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the scan");
    }
}
