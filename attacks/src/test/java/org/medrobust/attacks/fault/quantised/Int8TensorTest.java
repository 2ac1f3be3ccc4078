package org.medrobust.attacks.fault.quantised;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The int8 round trip is exact for representable values, and the step follows the symmetric min-max rule. */
class Int8TensorTest {

    @Test
    void everyRepresentableValueRoundTripsBitForBit() {
        for (float scale : new float[] {0.0034178267f, 1f / 127, 0.7f, 3.1e-5f}) {
            float[] values = new float[255];
            for (int q = -127; q <= 127; q++) {
                values[q + 127] = q * scale;
            }
            Int8Tensor tensor = Int8Tensor.quantise(values);
            assertThat(tensor.scale()).isEqualTo(scale);
            for (int q = -127; q <= 127; q++) {
                assertThat(tensor.codes()[q + 127]).isEqualTo((byte) q);
            }
            float[] back = tensor.dequantise();
            for (int i = 0; i < values.length; i++) {
                assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(values[i]));
            }
        }
    }

    @Test
    void arbitraryValuesMoveByAtMostHalfAStepAndTheLargestMapsTo127() {
        SplittableRandom random = new SplittableRandom(5);
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 0.1f;
        }
        values[17] = -0.9f;
        Int8Tensor tensor = Int8Tensor.quantise(values);
        assertThat(tensor.scale()).isEqualTo(0.9f / 127);
        assertThat(tensor.codes()[17]).isEqualTo((byte) -127);
        float[] back = tensor.dequantise();
        for (int i = 0; i < values.length; i++) {
            assertThat((double) Math.abs(back[i] - values[i])).isLessThanOrEqualTo(tensor.scale() * 0.5 + 1e-7);
        }
        assertThat(Int8Tensor.quantise(new float[3]).dequantise()).containsExactly(0f, 0f, 0f);
    }
}
