package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.models.djl.DjlRuntime;

/** --device: unknown names and a missing GPU are one-line usage errors; auto falls back to the CPU. */
class DeviceOptionTest {

    @AfterEach
    void backToCpu() {
        DjlDevices.use("cpu");
    }

    @Test
    void unknownDeviceIsOneLineError() {
        CliTest.Result r = CliTest.cli("run", "--device", "tpu");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().strip()).doesNotContain("\n").contains("--device", "tpu", "cpu, gpu or auto");
    }

    @Test
    void gpuWithoutOneIsOneLineErrorAndAutoTakesTheCpu() {
        Assumptions.assumeTrue(DjlRuntime.ensureOfflineEngine().getGpuCount() == 0, "a GPU is visible");
        CliTest.Result r = CliTest.cli("run", "--device", "gpu");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("medrobust: --device gpu:")
                .contains("no CUDA GPU", "Running on a GPU host");
        assertThat(DjlDevices.resolve("auto").isGpu()).isFalse();
    }

    @Test
    void throughputBenchRunsOnTheCpu() {
        CliTest.Result r = CliTest.cli("bench", "throughput", "--device", "cpu", "--models", "cnn", "--resolutions",
                "28", "--batch", "4", "--repeats", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("device: cpu", "| cnn | 28 | 4 |");
    }
}
