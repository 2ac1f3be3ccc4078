package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.cli.CliRunner;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.fixtures.Configs;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.verify.ResultsVerifier;

/**
 * The gradient-masking flag end to end: PGD and Square at the same budget on an honest gradient model and on the
 * same model with negated gradients. PGD is exact on the honest one (its boundary is linear in the mean), so
 * Square cannot beat it and nothing is flagged; on the masked one PGD breaks nothing and Square does, so Square's
 * result carries {@code attack.gradientMasking}.
 */
class GradientMaskingCampaignTest {

    @TempDir
    Path tmp;

    private CampaignReport run(Path dir) {
        CampaignConfig tiny = Configs.tiny().withModels(List.of(ModelSpec.of("builtin:grad_a"),
                ModelSpec.of("builtin:masked_a")));
        Map<String, Object> budget = Map.of("eps", "8/255");
        CampaignConfig config = new CampaignConfig(tiny.name(), tiny.seed(), tiny.batchSize(), tiny.data(),
                tiny.models(), List.of(new ThreatSpec("pgd_linf", null, budget),
                        new ThreatSpec("square_linf", null, Map.of("eps", "8/255", "queries", 200))), tiny.gates());
        return new Campaign(config, FakeInputLoader.healthy(), ProgressListener.NONE).run(dir);
    }

    @Test
    void squareBeatingPgdOnTheMaskedModelIsFlaggedInTheReport() {
        CampaignReport report = run(tmp.resolve("r"));
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

    /**
     * verify re-derives the flags from the journal's outcomes: the untouched results pass; a flag removed from
     * report.json, or one added, is named in one line (exit 1), and nothing else is.
     */
    @Test
    void verifyRederivesTheFlagAndNamesAnEditedOne() throws IOException {
        Path dir = tmp.resolve("v");
        run(dir);
        assertThat(ResultsVerifier.verify(dir).problems()).isEmpty();
        Path report = dir.resolve("report.json");
        String original = Files.readString(report, StandardCharsets.UTF_8);

        edit(report, "masked_a", null); // the flag removed
        assertThat(ResultsVerifier.verify(dir).problems()).singleElement().asString()
                .contains("scenario masked_a@", "square_linf", "records no gradient-masking flag",
                        "but its outcomes give 'possible gradient masking");
        CliRunner.Result cli = CliRunner.run("verify", dir.toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("TAMPERED").contains("gradient-masking flag");

        Files.writeString(report, original, StandardCharsets.UTF_8);
        edit(report, "grad_a", "possible gradient masking: invented"); // a flag added
        assertThat(ResultsVerifier.verify(dir).problems()).singleElement().asString()
                .contains("scenario grad_a@", "records the gradient-masking flag 'possible gradient masking: "
                        + "invented' but its outcomes give none");
    }

    /** Sets (or removes, for null) the flag of {@code model}'s Square scenario in report.json. */
    private static void edit(Path report, String model, String flag) throws IOException {
        ObjectNode root = (ObjectNode) ResultJson.compact().readTree(Files.readString(report));
        for (JsonNode s : root.get("scenarios")) {
            if (s.get("model").asText().equals(model) && s.get("threat").asText().equals("square_linf")) {
                ObjectNode attack = (ObjectNode) s.get("attack");
                if (flag == null) {
                    attack.remove("gradientMasking");
                } else {
                    attack.put("gradientMasking", flag);
                }
            }
        }
        Files.writeString(report, ResultJson.pretty().writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    }
}
