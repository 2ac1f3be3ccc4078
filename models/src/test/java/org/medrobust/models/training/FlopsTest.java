package org.medrobust.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import org.junit.jupiter.api.Test;
import org.medrobust.models.cnn.PhantomCnn;
import org.medrobust.models.djl.DjlRuntime;

class FlopsTest {

    @Test
    void countsConvolutionAndLinearMultiplyAddsOfThePhantomCnnAsByHand() {
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu())) {
            SequentialBlock net = PhantomCnn.build(2);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            // conv1 16*1*3*3 at 28x28, conv2 32*16*3*3 at 14x14, conv3 64*32*3*3 at 7x7, linear 64*2.
            long byHand = 16L * 9 * 28 * 28 + 32L * 16 * 9 * 14 * 14 + 64L * 32 * 9 * 7 * 7 + 64 * 2;
            assertThat(Flops.multiplyAdds(net, new Shape(1, 28, 28))).isEqualTo(byHand).isEqualTo(1_919_360);
            // 16*9+16, 2*16 (batch norm gamma, beta), 32*16*9+32, 2*32, 64*32*9+64, 2*64, 64*2+2
            assertThat(Flops.parameterCount(net)).isEqualTo(23_650);
        }
    }

    @Test
    void countsAttentionAsProjectionsPlusScoresAndWeightedSum() {
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu())) {
            SequentialBlock net = new SequentialBlock().add(ScaledDotProductAttentionBlock.builder()
                    .setEmbeddingSize(8).setHeadCount(2).optAttentionProbsDropoutProb(0f).build());
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 5, 8));
            // T = 5 tokens of E = 8: 4 T E^2 + 2 T^2 E
            assertThat(Flops.multiplyAdds(net, new Shape(5, 8, 1))).isEqualTo(4 * 5 * 64 + 2 * 25 * 8);
        }
    }
}
