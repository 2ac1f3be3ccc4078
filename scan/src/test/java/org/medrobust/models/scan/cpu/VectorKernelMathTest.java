package org.medrobust.models.scan.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The vector kernel's building blocks against their definitions: the blocked row sums give the butterfly's bits,
 * and the vector exp equals the scalar fastExp lane for lane and stays within 2 ulp of exp over the clamped range.
 */
class VectorKernelMathTest {

    @Test
    void blockedRowSumsEqualTheButterflyBitForBit() {
        assumeTrue(CpuSelectiveScan.vectorModulePresent(), "jdk.incubator.vector not in the boot layer");
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        SplittableRandom random = new SplittableRandom(11);
        for (int rows : new int[] {1, lanes - 1, lanes, 2 * lanes + 3, 64}) {
            float[] parts = new float[rows * lanes];
            for (int i = 0; i < parts.length; i++) {
                // mixed magnitudes, so a different pairing would change the rounding
                parts[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-3, 4)));
            }
            float[] expected = new float[rows];
            for (int r = 0; r < rows; r++) {
                expected[r] = VectorChunkKernel.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, parts,
                        r * lanes));
            }
            float[] out = new float[rows + 2];
            VectorChunkKernel.rowSums(parts.clone(), rows, out, 2);
            for (int r = 0; r < rows; r++) {
                assertThat(Float.floatToRawIntBits(out[r + 2])).as("row %d of %d", r, rows)
                        .isEqualTo(Float.floatToRawIntBits(expected[r]));
            }
        }
    }

    @Test
    void vectorExpEqualsScalarExpAndIsWithinTwoUlpOfExp() {
        assumeTrue(CpuSelectiveScan.vectorModulePresent(), "jdk.incubator.vector not in the boot layer");
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] x = new float[lanes];
        float[] y = new float[lanes];
        for (float start = -86.5f; start < 88.3f; start += 0.0137f * lanes) {
            for (int i = 0; i < lanes; i++) {
                x[i] = start + 0.0137f * i;
            }
            VectorChunkKernel.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
            for (int i = 0; i < lanes; i++) {
                float scalar = ChunkKernel.fastExp(x[i]);
                assertThat(Float.floatToRawIntBits(y[i])).as("lane %d at %s", i, x[i])
                        .isEqualTo(Float.floatToRawIntBits(scalar));
                if (x[i] > 88.3f) {
                    continue; // clamped: see expClampsInsteadOfOverflowing
                }
                double exact = Math.exp(x[i]);
                assertThat(Math.abs(scalar - exact)).as("exp(%s)", x[i]).isLessThanOrEqualTo(2 * Math.ulp((float) exact));
            }
        }
    }

    @Test
    void expClampsInsteadOfOverflowing() {
        assertThat(ChunkKernel.fastExp(-1000f)).isEqualTo(ChunkKernel.fastExp(-86.5f)).isPositive();
        assertThat(ChunkKernel.fastExp(1000f)).isEqualTo(ChunkKernel.fastExp(88.3f)).isFinite();
        assertThat(ChunkKernel.fastExp(0f)).isEqualTo(1f);
    }
}
