package org.medrobust.suite.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.cli.CliRunner;
import org.medrobust.suite.cli.ExitCodes;
import org.medrobust.suite.fixtures.Configs;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.run.ProgressListener;

/** {@code medrobust gate} on a real report.json: exit codes and one stderr line per failed gate. */
class GateCommandTest {

    @TempDir
    static Path dir;

    static Path report;

    @BeforeAll
    static void runCampaign() {
        Path results = dir.resolve("results");
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(results);
        report = results.resolve("report.json");
    }

    private static CliRunner.Result gate(String yaml, String... more) throws IOException {
        Path gates = Files.writeString(Files.createTempFile(dir, "gates", ".yaml"), yaml);
        String[] args = new String[4 + more.length];
        args[0] = "gate";
        args[1] = "--report=" + report;
        args[2] = "--gates";
        args[3] = gates.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRunner.run(args);
    }

    @Test
    void passingGatesExitZero() throws IOException {
        CliRunner.Result r = gate("gates:\n  - {type: min_clean_accuracy, threshold: 0.0}\n");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("2 verdicts", "2 pass, 0 fail, 0 not evaluated");
    }

    @Test
    void aFailedGateExitsOneWithOneLinePerFailure() throws IOException {
        // threshold 1.0 at the lower bound of a 95% interval: no finite sample clears it, so both models fail
        CliRunner.Result r = gate("- {type: min_clean_accuracy, threshold: 1.0, bound: ci_lower}\n"
                + "- {type: min_clean_accuracy, threshold: 0.0}\n");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(r.err().lines().toList()).hasSize(2).allMatch(l -> l.startsWith("FAIL 95%-CI lower bound"));
        assertThat(r.err()).contains("on a@tiny/test:clean", "on b@tiny/test:clean");
    }

    @Test
    void aGateThatMatchesNothingExitsFour() throws IOException {
        CliRunner.Result r = gate("gates: [{type: min_accuracy, threat: pgd_linf, threshold: 0.5}]\n");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.SCENARIOS_FAILED);
        assertThat(r.err().strip()).startsWith("NOT EVALUATED").doesNotContain("\n");
    }

    @Test
    void previousReleaseFromTheCommandLine() throws IOException {
        // against itself: no scenario is worse than itself, every verdict passes
        CliRunner.Result same = gate("gates: [{type: max_drop_vs_previous, threshold: 0.0}]\n", "--previous",
                report.toString());
        assertThat(same.exitCode()).as(same.err()).isEqualTo(ExitCodes.OK);
        CliRunner.Result missing = gate("gates: [{type: max_drop_vs_previous, threshold: 0.0}]\n");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("--previous");
    }

    @Test
    void badFilesAreOneLineErrors() throws IOException {
        CliRunner.Result typo = gate("gates: [{type: min_accuracy, threshold: 0.5, treat: pgd_linf}]\n");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(typo.err().strip()).startsWith("medrobust: ").contains("unknown setting 'treat'")
                .doesNotContain("\n");
        CliRunner.Result noReport = CliRunner.run("gate", "--report", dir.resolve("none.json").toString(), "--gates",
                dir.resolve("none.yaml").toString());
        assertThat(noReport.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noReport.err()).contains("none.json: report not found");
    }
}
