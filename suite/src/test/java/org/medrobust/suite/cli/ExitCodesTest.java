package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.GateSpec;
import org.medrobust.suite.fixtures.Configs;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.run.ProgressListener;

class ExitCodesTest {

    @TempDir
    Path tmp;

    private CampaignReport run(String dir, FakeInputLoader loader, double minCleanAccuracy) {
        return new Campaign(Configs.tiny().withGates(java.util.List.of(
                new GateSpec("min_clean_accuracy", minCleanAccuracy, null, null, null))), loader, ProgressListener.NONE)
                .run(tmp.resolve(dir));
    }

    @Test
    void failedScenariosGiveFourAndAFailedGateOutranksThem() {
        FakeInputLoader poisoned = new FakeInputLoader(batch -> batch.data()[0] == 0f || batch.data()[0] == 1f);
        assertThat(ExitCodes.forReport(run("ok", FakeInputLoader.healthy(), 0.5))).isEqualTo(ExitCodes.OK);
        assertThat(ExitCodes.forReport(run("failed", poisoned, 0.5))).isEqualTo(ExitCodes.SCENARIOS_FAILED);
        assertThat(ExitCodes.forReport(run("gate", poisoned, 0.99))).isEqualTo(ExitCodes.GATE_FAILED);
    }
}
