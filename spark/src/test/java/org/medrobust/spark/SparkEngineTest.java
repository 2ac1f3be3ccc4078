package org.medrobust.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.run.BatchUnit;
import org.medrobust.suite.run.CampaignEngine;
import org.medrobust.suite.run.ProgressListener;

/**
 * Oracle: the single-JVM engine. A tiny campaign (two phantom models, noise at two severities, two fault trials, on
 * the built-in phantoms and on a .npz file the executors get as shipped bytes) run on Spark local[2] writes report.json and the CSVs byte for byte as a single-JVM
 * run does, also when the driver dies mid-run and the rerun resumes from the journal.
 */
class SparkEngineTest {

    static final String CONFIG = """
            name: spark-tiny
            seed: 20261130
            batchSize: 8
            data:
              - {source: builtin:phantom, split: test, limit: 32}
            models:
              - source: builtin:phantom_cnn
              - source: builtin:cnn_phantom
            threats:
              - id: gaussian_noise
                severities: [1, 4]
              - id: weight_bit_position
                severities: [31]
                trials: 2
            """;

    @TempDir
    Path tmp;

    @Test
    void sparkReportIsByteIdenticalToSingleJvmAndADriverCrashResumes() throws IOException {
        Path npz = tmp.resolve("xrays.npz");
        try (var in = org.medrobust.datasets.phantom.PhantomData.class
                .getResourceAsStream("/org/medrobust/datasets/builtin/pneumoniamnist.npz")) {
            Files.copy(in, npz);
        }
        String phantom = "  - {source: builtin:phantom, split: test, limit: 32}\n";
        Path yaml = Files.writeString(tmp.resolve("campaign.yaml"), CONFIG.replace(phantom,
                phantom + "  - {source: '" + npz + "', split: test, limit: 16}\n"));
        CampaignConfig config = ConfigLoader.load(yaml);
        Path single = tmp.resolve("single");
        int units;
        try (Campaign.Prepared prepared = prepare(config, ProgressListener.NONE)) {
            prepared.run(single);
            Map<String, Integer> sizes = new java.util.HashMap<>();
            prepared.data().forEach(d -> sizes.put(d.key(), d.size()));
            units = prepared.plan().stream().filter(s -> s.runnable())
                    .mapToInt(s -> BatchUnit.batches(s, sizes.get(s.dataKey()), 8)).sum();
        }

        // The driver dies after journaling 5 units: the journal keeps them, the rerun computes only the rest.
        Path spark = tmp.resolve("spark");
        Notes crashing = new Notes(5);
        try (Campaign.Prepared prepared = prepare(config, crashing)) {
            assertThatThrownBy(() -> prepared.run(spark, new SparkEngine(), Map.of("master", "local[2]")))
                    .hasMessageContaining("driver crash");
        }
        Notes resumed = new Notes(Integer.MAX_VALUE);
        try (Campaign.Prepared prepared = prepare(config, resumed)) {
            prepared.run(spark, new SparkEngine(), Map.of("master", "local[2]"));
        }

        assertThat(resumed.unitsComputed()).isEqualTo(units - 5); // nothing journaled was recomputed
        assertThat(units).isEqualTo(2 * (4 + 2) * (1 + 2 + 2)); // 2 models x (4 + 2 batches) x 5 scenarios
        for (String file : List.of(ResultWriter.REPORT_JSON, "scenarios.csv", "outcomes.csv")) {
            assertThat(Files.mismatch(single.resolve(file), spark.resolve(file))).as(file).isEqualTo(-1L);
        }
        String report = Files.readString(spark.resolve(ResultWriter.REPORT_JSON));
        assertThat(report.split("\"status\" : \"COMPLETED\"", -1)).hasSize(20 + 1); // every scenario ran
    }

    @Test
    void theSuiteFindsTheEngineThroughServiceLoader() {
        assertThat(CampaignEngine.named("spark")).isInstanceOf(SparkEngine.class);
        assertThat(CampaignEngine.named("local")).isNull();
    }

    private static Campaign.Prepared prepare(CampaignConfig config, ProgressListener progress) {
        return new Campaign(config, new DefaultInputLoader(), progress).prepare();
    }

    /** Counts what the Spark engine says it computed; dies (like a killed driver) after {@code dieAfter} units. */
    static final class Notes implements ProgressListener {
        final List<String> notes = new ArrayList<>();
        private final int dieAfter;
        private int done;

        Notes(int dieAfter) {
            this.dieAfter = dieAfter;
        }

        @Override
        public void note(String line) {
            notes.add(line);
        }

        @Override
        public void batchDone(String label) {
            if (++done == dieAfter) {
                throw new IllegalStateException("driver crash (simulated)");
            }
        }

        int unitsComputed() {
            return notes.stream().filter(n -> n.startsWith("spark: ") && n.contains(" units in "))
                    .mapToInt(n -> Integer.parseInt(n.split(" ")[1])).sum();
        }
    }
}
