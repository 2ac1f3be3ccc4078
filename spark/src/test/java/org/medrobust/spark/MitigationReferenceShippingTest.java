package org.medrobust.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.config.ReferenceSpec;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.run.ProgressListener;

/**
 * A mitigation {@code reference:} that names a file travels to the executors with the campaign, like a model file:
 * its bytes and SHA-256 in the broadcast, the executor's config pointing at its own checked copy, a changed byte
 * refused; and a campaign fitting its mitigation on such a file gives on Spark local[2] the single JVM's report.json.
 */
class MitigationReferenceShippingTest {

    @TempDir
    Path tmp;

    /** 16 built-in phantoms under Gaussian noise, histogram matching fitted on three X-rays of a .npz file. */
    private CampaignConfig config() throws IOException {
        Path npz = tmp.resolve("reference.npz");
        try (var in = org.medrobust.datasets.phantom.PhantomData.class
                .getResourceAsStream("/org/medrobust/datasets/builtin/pneumoniamnist.npz")) {
            Files.copy(in, npz);
        }
        return ConfigLoader.load(Files.writeString(tmp.resolve("campaign.yaml"), """
                name: spark-reference
                seed: 20261130
                batchSize: 8
                data:
                  - {source: builtin:phantom, split: test, limit: 16}
                models:
                  - source: builtin:phantom_cnn
                threats:
                  - id: gaussian_noise
                    severities: [1]
                    mitigations: [histogram_matching]
                    reference: {source: '%s', split: test, limit: 3}
                """.formatted(npz)));
    }

    @Test
    void theReferenceFileIsShippedAndTheExecutorReadsItsCheckedCopy() throws IOException {
        CampaignConfig config = config();
        String original = config.threats().getFirst().reference().source();
        ShippedInputs shipped = ShippedInputs.of(config);
        assertThat(shipped.sources()).containsOnlyKeys(original);
        ShippedInputs.Source source = shipped.sources().get(original);
        byte[] bytes = Files.readAllBytes(Path.of(original));
        assertThat(source.files()).containsOnlyKeys("reference.npz");
        assertThat(source.files().get("reference.npz")).isEqualTo(bytes);
        assertThat(source.sha256().get("reference.npz")).isEqualTo(Sha256.of(bytes));

        Path executor = Files.createDirectory(tmp.resolve("executor"));
        ReferenceSpec remapped = shipped.writeAndRemap(config, executor).threats().getFirst().reference();
        assertThat(Path.of(remapped.source())).startsWith(executor);
        assertThat(Files.readAllBytes(Path.of(remapped.source()))).isEqualTo(bytes);
        assertThat(List.of(remapped.split(), remapped.limit())).containsExactly("test", 3);

        Map<String, byte[]> changed = new LinkedHashMap<>(source.files());
        byte[] flipped = bytes.clone();
        flipped[flipped.length - 1] ^= 1;
        changed.put("reference.npz", flipped);
        ShippedInputs tampered = new ShippedInputs(Map.of(original,
                new ShippedInputs.Source(source.entry(), changed, source.sha256())));
        assertThatThrownBy(() -> tampered.writeAndRemap(config, Files.createDirectory(tmp.resolve("other"))))
                .hasMessageContaining("reference.npz arrived with SHA-256");
    }

    @Test
    void aCampaignWithAFileReferenceOnSparkEqualsTheSingleJvm() throws IOException {
        CampaignConfig config = config();
        Path single = tmp.resolve("single");
        Path spark = tmp.resolve("spark");
        try (Campaign.Prepared prepared = new Campaign(config, new DefaultInputLoader(), ProgressListener.NONE)
                .prepare()) {
            prepared.run(single);
        }
        try (Campaign.Prepared prepared = new Campaign(config, new DefaultInputLoader(), ProgressListener.NONE)
                .prepare()) {
            prepared.run(spark, new SparkEngine(), Map.of("master", "local[2]"));
        }
        for (String file : List.of(ResultWriter.REPORT_JSON, "scenarios.csv", "outcomes.csv")) {
            assertThat(Files.mismatch(single.resolve(file), spark.resolve(file))).as(file).isEqualTo(-1L);
        }
        String report = Files.readString(spark.resolve(ResultWriter.REPORT_JSON));
        assertThat(report).contains("gaussian_noise+histogram_matching");
        assertThat(report.split("\"status\" : \"COMPLETED\"", -1)).hasSize(3 + 1);
    }
}
