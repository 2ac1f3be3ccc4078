package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medrobust bench models} end to end: a tiny real bench in child JVMs, the time limit, bad flags. */
class BenchModelsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void tinyBenchWritesJsonChartsAndPage() throws IOException {
        Path out = tmp.resolve("bench");
        CliTest.Result r = CliTest.cli("bench", "models", "--models", "cnn,vim", "--resolutions", "28,32",
                "--batches", "1,2", "--repeats", "2", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("bench: cnn", "bench: vim", "32x32");
        assertThat(r.out()).contains("family", "GFLOP/img", "vim", "latency slope");
        JsonNode json = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        assertThat(json.get("schema").asText()).isEqualTo("medrobust.bench/1");
        assertThat(json.get("machine").get("cores").asInt()).isPositive();
        assertThat(json.get("machine").get("cpuModel").asText()).isNotBlank();
        assertThat(json.get("machine").get("libtorchVersion").asText()).isNotBlank();
        assertThat(json.get("machine").get("accelerator").asText()).contains("no GPU");
        assertThat(json.get("settings").get("batches").toString()).isEqualTo("[1,2]");
        JsonNode cells = json.get("cells");
        assertThat(cells).hasSize(4);
        for (int i = 0; i < 4; i += 2) {
            JsonNode small = cells.get(i), large = cells.get(i + 1);
            assertThat(small.get("resolution").asInt()).isEqualTo(28);
            assertThat(large.get("resolution").asInt()).isEqualTo(32);
            assertThat(large.get("flops").asLong()).isGreaterThan(small.get("flops").asLong());
            assertThat(small.get("flops").asLong()).isEqualTo(2 * small.get("multiplyAdds").asLong());
            for (JsonNode cell : new JsonNode[] {small, large}) {
                assertThat(cell.get("status").asText()).as(cell.toString()).isEqualTo("completed");
                assertThat(cell.get("parameters").asLong()).isPositive();
                assertThat(cell.get("memory").get("peakRssMb").asDouble()).isPositive();
                assertThat(cell.get("memory").get("increaseMb").asDouble()).isPositive();
                assertThat(cell.get("throughput").asDouble()).isPositive();
                assertThat(cell.get("throughputBatch").asInt()).isEqualTo(2);
                for (JsonNode t : cell.get("timings")) {
                    assertThat(t.get("status").asText()).isEqualTo("measured");
                    assertThat(t.get("repeats").asInt()).isEqualTo(2);
                    assertThat(t.get("p90Ms").asDouble()).isGreaterThanOrEqualTo(t.get("medianMs").asDouble())
                            .isPositive();
                }
            }
        }
        assertThat(cells.get(0).get("tokens").isNull()).isTrue(); // the CNN has no tokens
        assertThat(cells.get(3).get("tokens").asInt()).isEqualTo(8 * 8 + 1); // Vim: patch 4 + class token
        JsonNode families = json.get("analysis").get("families");
        assertThat(families.get(0).get("flopsSlope").asDouble()).isBetween(0.9, 1.1);
        assertThat(json.get("analysis").get("crossings")).hasSize(1);
        for (String file : new String[] {"latency.png", "memory.png", "flops.png"}) {
            byte[] png = Files.readAllBytes(out.resolve(file));
            assertThat(png.length).as(file).isGreaterThan(1000);
            assertThat(png[1]).isEqualTo((byte) 'P');
        }
        assertThat(Files.readString(out.resolve("index.html"))).contains("latency.png", "memory.png", "flops.png",
                "GPU: not used", "<table>", "vim");
    }

    @Test
    void cellOverTheTimeLimitIsSkippedWithItsReason() throws IOException {
        Path out = tmp.resolve("slow");
        CliTest.Result r = CliTest.cli("bench", "models", "--models", "cnn", "--resolutions", "28", "--batches", "1",
                "--max-seconds-per-cell", "0.3", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode cell = new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("cells").get(0);
        assertThat(cell.get("status").asText()).isEqualTo("skipped");
        assertThat(cell.get("reason").asText()).startsWith("time limit: killed after").contains("limit 0 s");
        assertThat(cell.get("timings").get(0).get("status").asText()).isEqualTo("skipped");
        assertThat(cell.get("flops").asLong()).isPositive(); // size and cost need no child
        assertThat(r.err()).contains("skipped", "time limit");
        assertThat(Files.readString(out.resolve("index.html"))).contains("time limit: killed");
    }

    @Test
    void badFlagsGiveOneLineErrors() {
        for (String[] args : new String[][] {
                {"--models", "cnn,resnet9000"}, {"--resolutions", "30"}, {"--batches", "0"}, {"--channels", "2"},
                {"--repeats", "0"}, {"--max-seconds-per-cell", "-1"}, {"--max-memory-gb", "0"},
                {"--resolutions", "big"}, {"--frobnicate"}}) {
            String[] full = new String[args.length + 2];
            full[0] = "bench";
            full[1] = "models";
            System.arraycopy(args, 0, full, 2, args.length);
            CliTest.Result r = CliTest.cli(full);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("medrobust: ").doesNotContain("\n")
                    .contains(args[0].startsWith("--frob") ? "--frobnicate" : args[0]);
        }
        CliTest.Result missing = CliTest.cli("bench");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("bench models");
    }
}
