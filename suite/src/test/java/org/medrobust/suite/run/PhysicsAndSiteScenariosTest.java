package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.report.ResultWriter;

/** A physics corruption with sampled parameters and a built-in site shift run through the engine end to end. */
class PhysicsAndSiteScenariosTest {

    @TempDir
    Path tmp;

    private static CampaignConfig config() {
        return new CampaignConfig("physics", 7L, 32, List.of(new DataSpec("builtin:tiny", "test", 0)),
                List.of(ModelSpec.of("builtin:a")),
                List.of(new ThreatSpec("bias_field", List.of(2)), new ThreatSpec("site_xray_severe", null)), List.of());
    }

    @Test
    void sampledParametersAreRecordedPerSampleAndSiteShiftsRunAsDomainShift() throws IOException {
        CampaignReport report = new Campaign(config(), FakeInputLoader.healthy(), ProgressListener.NONE).run(tmp.resolve("one"));
        new Campaign(config(), FakeInputLoader.healthy(), ProgressListener.NONE).run(tmp.resolve("two"));
        assertThat(Files.readAllBytes(tmp.resolve("one").resolve(ResultWriter.REPORT_JSON)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("two").resolve(ResultWriter.REPORT_JSON)));

        assertThat(report.scenarios()).hasSize(3).allMatch(s -> s.status() == ScenarioStatus.COMPLETED);
        ScenarioResult bias = report.scenarios().get(1);
        assertThat(bias.threat()).isEqualTo("bias_field");
        assertThat(bias.outcomes()).allSatisfy(o -> assertThat((List<?>) o.details().get("coefficients")).hasSize(10));
        ScenarioResult site = report.scenarios().get(2);
        assertThat(site.id()).endsWith(":site_xray_severe");
        assertThat(site.family()).isEqualTo("DOMAIN_SHIFT");
        assertThat(site.severity()).isZero();
        assertThat(site.parameters()).containsEntry("photons", 12.0);
        assertThat(site.metrics().meanL2()).isPositive();
    }
}
