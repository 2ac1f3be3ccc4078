package org.medrobust.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.spark.cluster.LocalStandaloneCluster;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.run.ProgressListener;

/**
 * Oracle: the single-JVM engine. A standalone master and two workers on localhost (child JVMs from the Spark jars),
 * one worker killed (SIGKILL, with its executor) after a quarter of the units are journaled: Spark reruns the lost
 * tasks on the surviving executor and report.json and the CSVs equal a single-JVM run's byte for byte. Profile
 * {@code spark-cluster} only (a minute or more on two cores).
 */
class SparkClusterIT {

    static final String CONFIG = SparkEngineTest.CONFIG.replace("limit: 32", "limit: 64");

    @TempDir
    Path tmp;

    @Test
    void aWorkerKilledMidCampaignChangesNothingInTheReport() throws IOException {
        CampaignConfig config = ConfigLoader.load(Files.writeString(tmp.resolve("campaign.yaml"), CONFIG));
        Path single = tmp.resolve("single");
        try (Campaign.Prepared prepared = new Campaign(config, new DefaultInputLoader(), ProgressListener.NONE)
                .prepare()) {
            prepared.run(single);
        }
        int units = 2 * 8 * (1 + 2 + 2); // 2 models x 8 batches x (clean, 2 severities, 2 fault trials)
        Path spark = tmp.resolve("spark");
        SparkEngine engine = new SparkEngine();
        try (LocalStandaloneCluster cluster = new LocalStandaloneCluster(2, "1536m")) {
            cluster.awaitWorkers(2, Duration.ofSeconds(90));
            ProgressListener killer = new ProgressListener() {
                private int done;

                @Override
                public void batchDone(String label) {
                    if (++done == units / 4) {
                        cluster.killWorker(0);
                    }
                }
            };
            try (Campaign.Prepared prepared = new Campaign(config, new DefaultInputLoader(), killer).prepare()) {
                prepared.run(spark, engine, cluster.executorConf());
            }
        }
        RunStats stats = engine.lastRun();
        assertThat(stats.units()).hasSize(units); // every unit journaled once
        assertThat(stats.unitsPerExecutor()).hasSize(2); // both executors worked before one was lost
        for (String file : List.of(ResultWriter.REPORT_JSON, "scenarios.csv", "outcomes.csv")) {
            assertThat(Files.mismatch(single.resolve(file), spark.resolve(file))).as(file).isEqualTo(-1L);
        }
    }
}
