package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.fixtures.Configs;
import org.medrobust.suite.fixtures.FakeInputLoader;

/**
 * The gradient-masking flag end to end: PGD and Square at the same budget on an honest gradient model and on the
 * same model with negated gradients. PGD is exact on the honest one (its boundary is linear in the mean), so
 * Square cannot beat it and nothing is flagged; on the masked one PGD breaks nothing and Square does, so Square's
 * result carries {@code attack.gradientMasking}.
 */
class GradientMaskingCampaignTest {

    @TempDir
    Path tmp;

    @Test
    void squareBeatingPgdOnTheMaskedModelIsFlaggedInTheReport() {
        CampaignConfig tiny = Configs.tiny().withModels(List.of(ModelSpec.of("builtin:grad_a"),
                ModelSpec.of("builtin:masked_a")));
        Map<String, Object> budget = Map.of("eps", "8/255");
        CampaignConfig config = new CampaignConfig(tiny.name(), tiny.seed(), tiny.batchSize(), tiny.data(),
                tiny.models(), List.of(new ThreatSpec("pgd_linf", null, budget),
                        new ThreatSpec("square_linf", null, Map.of("eps", "8/255", "queries", 200))), tiny.gates());
        CampaignReport report = new Campaign(config, FakeInputLoader.healthy(), ProgressListener.NONE)
                .run(tmp.resolve("r"));
        for (ScenarioResult s : report.scenarios()) {
            if (s.attack() == null) {
                continue;
            }
            boolean flagged = s.model().equals("masked_a") && s.threat().equals("square_linf");
            assertThat(s.attack().gradientMasking()).as(s.id() + " " + s.metrics().accuracy())
                    .satisfies(w -> assertThat(w == null).isEqualTo(!flagged));
        }
        ScenarioResult square = report.scenarios().stream().filter(s -> s.model().equals("masked_a")
                && s.threat().equals("square_linf")).findFirst().orElseThrow();
        assertThat(square.attack().gradientMasking()).contains("possible gradient masking", "pgd_linf");
    }
}
