package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.fixtures.Configs;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.report.ResultWriter;

class CampaignEngineTest {

    @TempDir
    Path tmp;

    private static byte[] report(Path dir) throws IOException {
        return Files.readAllBytes(dir.resolve(ResultWriter.REPORT_JSON));
    }

    @Test
    void twoRunsOfTheSameConfigGiveByteIdenticalReports() throws IOException {
        CampaignReport first = new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE)
                .run(tmp.resolve("one"));
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(tmp.resolve("two"));

        assertThat(report(tmp.resolve("one"))).isEqualTo(report(tmp.resolve("two")));
        assertThat(Files.readString(tmp.resolve("one").resolve(ResultWriter.ENVIRONMENT_JSON))).contains("wallSeconds");
        // 2 models x (clean + 5 severities), every one complete, noise really applied and growing with severity
        assertThat(first.scenarios()).hasSize(12).allMatch(s -> s.status() == ScenarioStatus.COMPLETED);
        List<Double> linf = first.scenarios().stream().filter(s -> s.model().equals("a"))
                .map(s -> s.metrics().meanL2()).toList();
        assertThat(linf.getFirst()).isZero();
        assertThat(linf.subList(1, 6)).isSorted().allMatch(v -> v > 0);
    }

    @Test
    void aDifferentSeedGivesDifferentNoiseButTheSameCleanResults() throws IOException {
        CampaignReport a = new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE)
                .run(tmp.resolve("a"));
        CampaignReport b = new Campaign(Configs.tiny().withSeed(8), FakeInputLoader.healthy(), ProgressListener.NONE)
                .run(tmp.resolve("b"));
        assertThat(a.scenarios().getFirst().outcomes()).isEqualTo(b.scenarios().getFirst().outcomes());
        assertThat(a.scenarios().get(5).outcomes()).isNotEqualTo(b.scenarios().get(5).outcomes());
    }

    @Test
    void everyModelSeesTheSameNoisyImages() {
        CampaignReport report = new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE)
                .run(tmp.resolve("paired"));
        ScenarioResult a = report.scenarios().get(3);
        ScenarioResult b = report.scenarios().get(9);
        assertThat(a.threat()).isEqualTo(b.threat());
        assertThat(a.severity()).isEqualTo(b.severity());
        assertThat(a.model()).isNotEqualTo(b.model());
        assertThat(a.outcomes()).isEqualTo(b.outcomes());
    }

    @Test
    void aRunKilledPartWayThenRerunEqualsAnUninterruptedRun() throws IOException {
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(tmp.resolve("whole"));

        Path resumed = tmp.resolve("resumed");
        ProgressListener killer = new ProgressListener() {
            int batches;

            @Override
            public void batchDone(String label) {
                if (++batches == 29) {
                    throw new SimulatedKill();
                }
            }
        };
        assertThatThrownBy(() -> new Campaign(Configs.tiny(), FakeInputLoader.healthy(), killer).run(resumed))
                .isInstanceOf(SimulatedKill.class);
        assertThat(resumed.resolve(ResultWriter.REPORT_JSON)).doesNotExist();
        assertThat(batchLines(resumed)).hasSize(29);
        // the kill also tore a line half-written
        Files.writeString(resumed.resolve(Journal.FILE_NAME), "{\"type\":\"batch\",\"scenario\":\"a@tin",
                StandardOpenOption.APPEND);

        long[] computed = new long[2];
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), new ProgressListener() {
            @Override
            public void start(long total, long done) {
                computed[0] = total;
                computed[1] = done;
            }
        }).run(resumed);

        assertThat(computed).containsExactly(96, 29);
        assertThat(report(resumed)).isEqualTo(report(tmp.resolve("whole")));
        assertThat(batchLines(resumed)).hasSize(96);
    }

    @Test
    void aFinishedCampaignRerunComputesNothing() {
        Path dir = tmp.resolve("done");
        FakeInputLoader loader = FakeInputLoader.healthy();
        new Campaign(Configs.tiny(), loader, ProgressListener.NONE).run(dir);
        long[] done = new long[1];
        new Campaign(Configs.tiny(), loader, new ProgressListener() {
            @Override
            public void batchDone(String label) {
                done[0]++;
            }
        }).run(dir);
        assertThat(done[0]).isZero();
    }

    @Test
    void aScenarioWithNanLogitsFailsAloneWithItsReason() {
        // NaN whenever the input is noisy enough: only the strongest noise levels are affected
        FakeInputLoader loader = new FakeInputLoader(batch -> roughness(batch.data(), batch.shape().pixels()) > 0.25);
        CampaignReport report = new Campaign(Configs.tiny(), loader, ProgressListener.NONE).run(tmp.resolve("nan"));

        List<ScenarioResult> failed = report.scenarios().stream()
                .filter(s -> s.status() == ScenarioStatus.FAILED).toList();
        assertThat(failed).isNotEmpty().allMatch(s -> s.severity() >= 3)
                .allSatisfy(s -> assertThat(s.reason()).contains("non-finite logits"));
        assertThat(report.scenarios().stream().filter(s -> s.status() == ScenarioStatus.COMPLETED).count())
                .isEqualTo(12 - failed.size()).isGreaterThanOrEqualTo(6);
        assertThat(report.failedScenarios()).isEqualTo(failed.size());
    }

    @Test
    void anOutputDirectoryOfAnotherCampaignIsRefused() {
        Path dir = tmp.resolve("other");
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(dir);
        assertThatThrownBy(() -> new Campaign(Configs.tiny().withSeed(99), FakeInputLoader.healthy(),
                ProgressListener.NONE).run(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(Journal.FILE_NAME).hasMessageContaining("different campaign")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aCorruptJournalLineIsReportedWithItsNumber() throws IOException {
        Path dir = tmp.resolve("corrupt");
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(dir);
        Path journal = dir.resolve(Journal.FILE_NAME);
        List<String> lines = Files.readAllLines(journal);
        lines.set(3, "not json");
        Files.write(journal, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE)
                .run(dir)).isInstanceOf(InvalidInputException.class).hasMessageContaining("line 4 is corrupt");
    }

    @Test
    void anEditedRemovedOrReorderedJournalLineBreaksTheChain() throws IOException {
        Path dir = tmp.resolve("chain");
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(dir);
        Path journal = dir.resolve(Journal.FILE_NAME);
        List<String> original = Files.readAllLines(journal);
        assertThat(original.get(3)).contains("\"prediction\":1");

        List<String> edited = new java.util.ArrayList<>(original);
        edited.set(3, original.get(3).replaceFirst("\"prediction\":1", "\"prediction\":0"));
        List<String> removed = new java.util.ArrayList<>(original);
        removed.remove(4);
        List<String> reordered = new java.util.ArrayList<>(original);
        java.util.Collections.swap(reordered, 4, 5);
        for (var tampered : List.of(List.of("edited", edited, 5), List.of("removed", removed, 5),
                List.of("reordered", reordered, 5))) {
            @SuppressWarnings("unchecked")
            List<String> lines = (List<String>) tampered.get(1);
            Files.write(journal, lines, StandardCharsets.UTF_8);
            assertThatThrownBy(() -> new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE)
                    .run(dir)).as((String) tampered.get(0)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("line " + tampered.get(2) + " does not follow line " + (((int) tampered.get(2)) - 1));
        }
        Files.write(journal, original, StandardCharsets.UTF_8);
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(dir);
    }

    @Test
    void aModelThatCannotTakeAnyOfTheDataIsBadInputBeforeAnythingIsWritten() {
        Path dir = tmp.resolve("refused");
        assertThatThrownBy(() -> new Campaign(Configs.tiny().withModels(List.of(ModelSpec.of("builtin:a"),
                ModelSpec.of("builtin:rgb_model"))), FakeInputLoader.healthy(), ProgressListener.NONE).run(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("builtin:rgb_model: model rgb_model takes 3x8x8 images, tiny/test has 1x8x8");
        assertThat(dir).doesNotExist();
    }

    private static List<String> batchLines(Path dir) throws java.io.IOException {
        return Files.readAllLines(dir.resolve(Journal.FILE_NAME)).stream()
                .filter(line -> line.startsWith("{\"type\":\"batch\"")).toList();
    }

    /** Mean absolute difference between horizontal neighbours: near 0.05 clean, grows with noise. */
    private static double roughness(float[] data, int stride) {
        double sum = 0;
        for (int i = 1; i < data.length; i++) {
            if (i % stride != 0) {
                sum += Math.abs(data[i] - data[i - 1]);
            }
        }
        return sum / data.length;
    }

    private static final class SimulatedKill extends RuntimeException {
    }
}
