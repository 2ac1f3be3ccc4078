package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medrobust.datasets.InvalidInputException;

/** The engine seam without the spark module on the class path: local is the runner itself, spark says what to add. */
class EngineSeamTest {

    @Test
    void localIsTheSingleJvmRunnerAndAMissingEngineSaysWhatToAdd() {
        assertThat(CampaignEngine.named(null)).isNull();
        assertThat(CampaignEngine.named("local")).isNull();
        assertThatThrownBy(() -> CampaignEngine.named("spark")).isInstanceOf(InvalidInputException.class)
                .hasMessage("--engine spark: no such engine on the class path; add spark/target/medrobust-spark.jar "
                        + "and spark/target/lib/* (./medrobust builds and adds them for --engine spark)");
        assertThatThrownBy(() -> CampaignEngine.named("dask")).hasMessage(
                "--engine dask: no such engine on the class path; engines: local");
    }
}
