package org.medrobust.suite.run.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.fault.FaultModel;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;
import org.medrobust.suite.fixtures.TinyData;

/**
 * Each sample of a fault trial names the trial's place on the vulnerability maps: a weight bit as
 * {@code faultTensor}/{@code faultBit} (as before), an activation or scan bit as {@code faultKind},
 * {@code faultLayer} and {@code faultBit}; a fault of several bits names none.
 */
class FaultApplicationSitesTest {

    /** A do-nothing fault whose injection reports the given single bit (or none). */
    private record Stub(FaultModel.SingleBit bit) implements FaultModel {

        @Override
        public Set<Class<? extends Capability>> requiredCapabilities() {
            return Set.of();
        }

        @Override
        public FaultInjection inject(Classifier model, RandomGenerator random) {
            return new FaultInjection() {
                @Override
                public List<String> sites() {
                    return List.of("somewhere");
                }

                @Override
                public Optional<SingleBit> singleBit() {
                    return Optional.ofNullable(bit);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public String id() {
            return "stub";
        }

        @Override
        public int severity() {
            return 1;
        }

        @Override
        public SequencedMap<String, Object> parameters() {
            return new LinkedHashMap<>();
        }
    }

    private static Map<String, Object> details(FaultModel.SingleBit bit) {
        TinyData data = new TinyData(3, 5);
        var result = new FaultApplication(new Stub(bit), () -> new java.util.SplittableRandom(1))
                .apply(new PixelSoftmaxClassifier("g", TinyData.SHAPE), data.batch(0, 3), data.labels(0, 3), List.of());
        assertThat(result.details()).hasSize(3).allSatisfy(d -> assertThat(d).isEqualTo(result.details().getFirst()));
        return result.details().getFirst();
    }

    @Test
    void weightActivationAndScanBitsAreNamedForTheMaps() {
        assertThat(details(new FaultModel.SingleBit("weight", "c1.weight", 30))).containsEntry("faultTensor",
                "c1.weight").containsEntry("faultBit", 30).doesNotContainKeys("faultKind", "faultLayer");
        assertThat(details(new FaultModel.SingleBit("scan state", "02mixer0/scan", 30)))
                .containsEntry("faultKind", "scan state").containsEntry("faultLayer", "02mixer0/scan")
                .containsEntry("faultBit", 30).doesNotContainKey("faultTensor");
        assertThat(details(null)).doesNotContainKeys("faultTensor", "faultKind", "faultLayer", "faultBit")
                .containsEntry("faultSites", List.of("somewhere"));
    }
}
