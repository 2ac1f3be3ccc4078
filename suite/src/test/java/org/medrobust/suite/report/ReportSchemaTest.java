package org.medrobust.suite.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.GateSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.fixtures.Configs;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.run.ProgressListener;

/**
 * report.json files written by real campaigns validate against the published schema docs/schema/report.schema.json
 * (networknt json-schema-validator, draft 2020-12): a healthy run, one with failed scenarios and a not-evaluated gate,
 * and a phantom campaign with an attack (curves, attack metrics) and a fault trial (the faults section). A report
 * with a field of the wrong type or an unknown field fails, so the test can fail.
 */
class ReportSchemaTest {

    private static Schema schema;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadSchema() throws IOException {
        String text = Files.readString(Path.of("..", "docs", "schema", "report.schema.json"));
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text,
                InputFormat.JSON);
    }

    private static List<String> errors(String json) {
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    private static String report(Path dir) throws IOException {
        return Files.readString(dir.resolve(ResultWriter.REPORT_JSON));
    }

    @Test
    void healthyAndFailedCampaignsValidate() throws IOException {
        Path ok = tmp.resolve("ok");
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(ok);
        assertThat(errors(report(ok))).isEmpty();

        Path failed = tmp.resolve("failed");
        new Campaign(Configs.tiny(), new FakeInputLoader(batch -> batch.data()[0] == 0f), ProgressListener.NONE)
                .run(failed);
        String text = report(failed);
        assertThat(text).contains("\"FAILED\"");
        assertThat(errors(text)).isEmpty();
    }

    @Test
    void attackAndFaultCampaignValidates() throws IOException {
        CampaignConfig config = new CampaignConfig("schema", 3L, 16,
                List.of(new DataSpec("builtin:phantom", "test", 16)), List.of(ModelSpec.of("builtin:cnn_phantom")),
                List.of(new ThreatSpec("pgd_linf", List.of(1), null, null, 8),
                        new ThreatSpec("weight_bit_position", List.of(31), null, 1, 8)),
                List.of(new GateSpec("min_accuracy", 0.1, "pgd_linf", null, null)));
        Path dir = tmp.resolve("attack");
        try (Campaign.Prepared prepared = new Campaign(config, new DefaultInputLoader(), ProgressListener.NONE)
                .prepare()) {
            prepared.run(dir);
        }
        String text = report(dir);
        assertThat(text).contains("\"curves\"", "\"faults\"", "\"attack\"");
        assertThat(errors(text)).isEmpty();
    }

    @Test
    void aDriftedReportDoesNotValidate() throws IOException {
        Path ok = tmp.resolve("ok");
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(ok);
        String text = report(ok);
        assertThat(errors(text.replaceFirst("\"accuracy\" : ([0-9.]+)", "\"accuracy\" : \"$1\""))).isNotEmpty();
        assertThat(errors(text.replaceFirst("\"campaign\" :", "\"extra\" : 1, \"campaign\" :"))).isNotEmpty();
        assertThat(errors(text.replace("medrobust.report/1", "medrobust.report/0"))).isNotEmpty();
    }

    /** efficiency.json as EfficiencyFile writes it validates against docs/schema/efficiency.schema.json. */
    @Test
    void efficiencyJsonValidatesAndAWrongOneDoesNot() throws IOException {
        Schema efficiency = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
                Files.readString(Path.of("..", "docs", "schema", "efficiency.schema.json")), InputFormat.JSON);
        String sha = "ab".repeat(32);
        EfficiencyFile.write(tmp, new org.medrobust.reports.efficiency.EfficiencyReport(
                org.medrobust.reports.efficiency.EfficiencyReport.SCHEMA, sha, "cpu, 2 processors", "cpu",
                "a child JVM per model", "2026-11-30T00:00:00Z", 7, List.of(
                        new org.medrobust.reports.efficiency.EfficiencyReport.ModelTiming("m", sha, "1x28x28", 2.0, 32,
                                0.5, 2000, new org.medrobust.reports.bench.MemoryUse(300, 400, 100)),
                        new org.medrobust.reports.efficiency.EfficiencyReport.ModelTiming("n", sha, "1x28x28", 2.0, 32,
                                0.5, 2000, null))));
        String text = Files.readString(tmp.resolve(EfficiencyFile.NAME));
        assertThat(efficiency.validate(text, InputFormat.JSON)).isEmpty();
        assertThat(efficiency.validate(text.replace("\"batch\" : 32", "\"batch\" : 0"), InputFormat.JSON)).isNotEmpty();
        assertThat(efficiency.validate(text.replace("\"repeats\"", "\"extra\" : 1, \"repeats\""), InputFormat.JSON))
                .isNotEmpty();
        assertThat(efficiency.validate(text.replace("\"peakRssMb\" : 400.0", "\"peakRssMb\" : \"400\""),
                InputFormat.JSON)).isNotEmpty();
    }

    /** report-context.json of real runs (facts of a built-in model, a gallery) validates; drifted ones do not. */
    @Test
    void reportContextJsonValidatesAndAWrongOneDoesNot() throws IOException {
        Schema context = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
                Files.readString(Path.of("..", "docs", "schema", "report-context.schema.json")), InputFormat.JSON);
        Path fake = tmp.resolve("fake");
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(fake);
        assertThat(context.validate(Files.readString(fake.resolve(ReportContextFile.NAME)), InputFormat.JSON))
                .isEmpty();
        CampaignConfig config = new CampaignConfig("ctx", 3L, 8, List.of(new DataSpec("builtin:phantom", "test", 8)),
                List.of(ModelSpec.of("builtin:cnn_phantom")), List.of(new ThreatSpec("gaussian_noise", List.of(1),
                null, null, null)), List.of());
        Path real = tmp.resolve("real");
        try (Campaign.Prepared prepared = new Campaign(config, new DefaultInputLoader(), ProgressListener.NONE)
                .prepare()) {
            prepared.run(real);
        }
        String text = Files.readString(real.resolve(ReportContextFile.NAME));
        assertThat(text).contains("\"family\" : \"CNN\"", "\"pngDataUri\" : \"data:image/png;base64,");
        assertThat(context.validate(text, InputFormat.JSON)).isEmpty();
        assertThat(context.validate(text.replaceFirst("\"parameters\" : (\\d+)", "\"parameters\" : \"$1\""),
                InputFormat.JSON)).isNotEmpty();
        assertThat(context.validate(text.replaceFirst("\"correct\" : (true|false)", "\"correct\" : 1"),
                InputFormat.JSON)).isNotEmpty();
        assertThat(context.validate(text.replaceFirst("data:image/png;base64,", "data:image/svg+xml,"),
                InputFormat.JSON)).isNotEmpty();
        assertThat(context.validate(text.replace("medrobust.report-context/1", "medrobust.report-context/0"),
                InputFormat.JSON)).isNotEmpty();
    }
}
