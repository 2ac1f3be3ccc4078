package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.CorruptionErrorReport;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.report.ResultWriter;

/** Corruption errors reach report.json and index.html, byte-identically across runs; a bad baseline is refused. */
class CorruptionErrorCampaignTest {

    @TempDir
    Path tmp;

    private static CampaignConfig config(String baseline) {
        return new CampaignConfig("ce", 7L, 32, List.of(new DataSpec("builtin:tiny", "test", 0)),
                List.of(ModelSpec.of("builtin:a"), ModelSpec.of("builtin:b")),
                List.of(new ThreatSpec("gaussian_noise", List.of(4, 5)), new ThreatSpec("site_xray_severe", null)),
                List.of(), baseline);
    }

    @Test
    void reportCarriesCorruptionErrorsAgainstTheConfiguredBaselineAndRepeatsByteForByte() throws IOException {
        CampaignReport report = new Campaign(config("b"), FakeInputLoader.healthy(), ProgressListener.NONE)
                .run(tmp.resolve("one"));
        new Campaign(config("b"), FakeInputLoader.healthy(), ProgressListener.NONE).run(tmp.resolve("two"));
        byte[] json = Files.readAllBytes(tmp.resolve("one").resolve(ResultWriter.REPORT_JSON));
        assertThat(json).isEqualTo(Files.readAllBytes(tmp.resolve("two").resolve(ResultWriter.REPORT_JSON)));

        CorruptionErrorReport ce = report.corruptionErrors();
        assertThat(ce.baseline()).isEqualTo("b");
        assertThat(ce.baselineOrigin()).isEqualTo("config");
        CorruptionErrorReport.Split split = ce.datasets().getFirst();
        assertThat(split.corruptions()).containsExactly("gaussian_noise"); // the site shift is no corruption
        assertThat(split.models()).extracting(CorruptionErrorReport.Model::model).containsExactly("a", "b");
        // the two fake models are the same function of the image: CE 1 exactly where defined
        assertThat(split.models().get(1).ce().get("gaussian_noise")).isIn(1.0, null);
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8)).contains("\"corruptionErrors\"",
                "\"baseline\" : \"b\"");
        assertThat(Files.readString(tmp.resolve("one").resolve("index.html")))
                .contains("corruption error relative to b (config)");
    }

    @Test
    void aBaselineThatIsNoModelIsRefusedBeforeAnythingIsWritten() {
        Path out = tmp.resolve("bad");
        assertThatThrownBy(() -> new Campaign(config("zz"), FakeInputLoader.healthy(), ProgressListener.NONE).run(out))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("baseline 'zz'")
                .hasMessageContaining("[a, b]");
        assertThat(out).doesNotExist();
    }

    @Test
    void baselineIsReadFromYamlAndLeftOutOfTheConfigDigestWhenAbsent() throws IOException {
        Path yaml = tmp.resolve("c.yaml");
        Files.writeString(yaml, "name: c\nbaseline: b\ndata: [{source: builtin:tiny}]\nmodels: [{source: builtin:b}]\n");
        assertThat(ConfigLoader.load(yaml).baseline()).isEqualTo("b");
        // absent, the key stays out of the recorded config, so existing campaigns keep their identity
        assertThat(ConfigLoader.toMap(config(null))).doesNotContainKey("baseline");
        assertThat(ConfigLoader.toMap(config("b"))).containsEntry("baseline", "b");
    }
}
