package org.medrobust.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension inside a real JUnit Platform run: a test class whose campaign has one passing and one failing gate
 * gives two dynamic tests, exactly one failed with the gate's measured value.
 */
class MedrobustExtensionTest {

    /** What a user writes; run here through the Launcher (a static nested class: Surefire does not run it itself). */
    @MedrobustCampaign(config = "src/test/resources/failing-gate.yaml", out = "target/junit-extension-test")
    static class GateFixture {
        @TestFactory
        Stream<DynamicTest> gates(CampaignResult result) {
            return result.gateTests();
        }
    }

    @Test
    void oneDynamicTestPerGateAndTheFailedGateFailsItsTest() {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(GateFixture.class)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsStartedCount()).isEqualTo(2);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        String message = summary.getFailures().getFirst().getException().getMessage();
        assertThat(message).startsWith("gate 95%-CI lower bound of accuracy under clean >= 0.950 failed on "
                + "cnn_phantom@phantom/test:clean: accuracy");
        assertThat(Files.isDirectory(Path.of("target/junit-extension-test"))).isTrue();
    }
}
