package org.medrobust.models.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backend selection: explicit choice, then system property, then detection. */
class ScanBackendsTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(ScanBackends.PROPERTY);
    }

    @Test
    void explicitChoiceWinsOverThePropertyWhichWinsOverDetection() {
        System.setProperty(ScanBackends.PROPERTY, "reference");
        assertThat(ScanBackends.auto().name()).isEqualTo("reference");
        assertThat(ScanBackends.select("cpu").name()).isEqualTo("cpu");
        assertThat(ScanBackends.select("auto").name()).isEqualTo("reference");
        assertThat(ScanBackends.select(" DJL ").name()).isEqualTo("djl");
        System.clearProperty(ScanBackends.PROPERTY);
        assertThat(ScanBackends.auto().name()).isIn("cpu", "cuda");
    }

    @Test
    void unknownNamesAreRejected() {
        assertThatThrownBy(() -> ScanBackends.select("tpu")).hasMessageContaining("unknown selective-scan backend");
        System.setProperty(ScanBackends.PROPERTY, "gpu");
        assertThatThrownBy(ScanBackends::auto).hasMessageContaining("'gpu'");
    }

    @Test
    void everyAvailableBackendAgreesOnOneCase() {
        ScanTestSupport.Case c = ScanTestSupport.randomCases().get(1);
        var in64 = ScanTestSupport.roundToFloat(ScanTestSupport.random(c, ScanTestSupport.seed()));
        var ref = org.medrobust.models.scan.reference.ReferenceSelectiveScan.forward64(in64);
        for (String name : new String[] {"reference", "cpu", "cuda", "djl"}) {
            SelectiveScan s = ScanBackends.byName(name);
            if (!s.availability().available()) {
                System.out.println("backend " + name + " skipped: " + s.availability().reason());
                continue;
            }
            ScanTestSupport.checkForward(s, ScanTestSupport.toFloat(in64), ref.out(), ref.lastState(), name);
        }
    }
}
