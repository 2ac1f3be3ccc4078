package org.medrobust.suite.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.cli.CliRunner;
import org.medrobust.suite.fixtures.Configs;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.run.ProgressListener;

/**
 * {@code medrobust verify} on a real results directory tampered with in each way the issue names. Oracle: the
 * untouched copy verifies intact (exit 0), and each edit is named by its line (exit 1).
 */
class VerifyTest {

    @TempDir
    static Path shared;

    static Path original;

    @TempDir
    Path tmp;

    @BeforeAll
    static void runCampaign() {
        original = shared.resolve("results");
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(original);
    }

    private Path copy() throws IOException {
        return copy("copy");
    }

    private Path copy(String name) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(original)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private static List<String> journal(Path dir) throws IOException {
        return new ArrayList<>(Files.readAllLines(dir.resolve("journal.jsonl"), StandardCharsets.UTF_8));
    }

    private static void writeJournal(Path dir, List<String> lines) throws IOException {
        Files.writeString(dir.resolve("journal.jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static List<String> problems(Path dir) {
        return ResultsVerifier.verify(dir).problems();
    }

    @Test
    void untouchedResultsAreIntactAndExitZero() throws IOException {
        Path dir = copy();
        assertThat(ResultsVerifier.verify(dir).problems()).isEmpty();
        CliRunner.Result result = CliRunner.run("verify", dir.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("is intact");
    }

    @Test
    void failedScenariosAndTheirDependentsRebuildExactly() {
        // a poisoned batch fails scenarios (journaled) and, where a clean pass fails, its threat scenarios (not
        // journaled: derived); the rebuilt report.json must still match byte for byte
        Path dir = tmp.resolve("failed");
        var report = new Campaign(Configs.tiny(), new FakeInputLoader(batch -> batch.data()[0] == 0f
                || batch.data()[0] == 1f), ProgressListener.NONE).run(dir);
        assertThat(report.failedScenarios()).isPositive();
        assertThat(ResultsVerifier.verify(dir).problems()).isEmpty();
    }

    @Test
    void anEditedRecordIsNamed() throws IOException {
        Path dir = copy();
        List<String> lines = journal(dir);
        // line 5 is a batch: flip one sample's prediction, a change that still parses
        assertThat(lines.get(4)).contains("\"type\":\"batch\"");
        String edited = lines.get(4).replaceFirst("\"prediction\":(\\d)", "\"prediction\":9");
        assertThat(edited).isNotEqualTo(lines.get(4));
        lines.set(4, edited);
        writeJournal(dir, lines);
        // the edit is named; report.json, written from the original, no longer matches what the journal now says
        assertThat(problems(dir)).containsExactly(dir.resolve("journal.jsonl") + ": line 5 was edited (record 6 "
                + "holds the SHA-256 of what it was)", dir.resolve("scenarios.csv") + ": does not match what the journal "
                + "gives", dir.resolve("outcomes.csv") + ": does not match what the journal gives",
                dir.resolve("report.json") + ": scenario a@tiny/test:clean "
                + "does not match the journal (metrics, outcomes)", dir.resolve("report.json") + ": 'gates' does not "
                + "match what the journal gives", dir.resolve("report.json") + ": 'shift' does not match what the "
                + "journal gives");
        CliRunner.Result result = CliRunner.run("verify", dir.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("TAMPERED", "line 5 was edited");
    }

    @Test
    void aRemovedRecordIsNamed() throws IOException {
        Path dir = copy();
        List<String> lines = journal(dir);
        lines.remove(6);
        writeJournal(dir, lines);
        assertThat(problems(dir)).containsExactly(dir.resolve("journal.jsonl") + ": line 7 was removed (line 7 of the "
                + "file is record 8)", dir.resolve("report.json") + ": scenario a@tiny/test:clean is COMPLETED but the "
                + "journal has no record of it");
    }

    @Test
    void reorderedRecordsAreNamed() throws IOException {
        Path dir = copy();
        List<String> lines = journal(dir);
        Collections.swap(lines, 3, 4);
        writeJournal(dir, lines);
        assertThat(problems(dir)).containsExactly(dir.resolve("journal.jsonl") + ": line 5 holds record 4, after "
                + "record 5 (lines reordered)");
    }

    @Test
    void theLastLineIsProtectedByTheHeadInEnvironmentJson() throws IOException {
        Path dir = copy();
        List<String> lines = journal(dir);
        int count = lines.size();
        lines.removeLast();
        writeJournal(dir, lines);
        assertThat(problems(dir)).containsExactly(dir.resolve("journal.jsonl") + ": the last line was removed "
                + "(environment.json records " + count + " lines, the journal has " + (count - 1) + ")");

        Path edited = copy("edited");
        List<String> again = journal(edited);
        again.set(again.size() - 1, again.getLast().replace("\"computedBatches\":", "\"computedBatches\":1"));
        writeJournal(edited, again);
        assertThat(problems(edited)).singleElement().asString().contains("line " + count + ", the last the run wrote, "
                + "was edited");
    }

    @Test
    void aReportThatNoLongerMatchesItsJournalIsNamed() throws IOException {
        Path dir = copy();
        Path report = dir.resolve("report.json");
        String text = Files.readString(report);
        // one sample's recorded prediction in the first scenario that has outcomes
        String changed = text.replaceFirst("\"prediction\" : (\\d)", "\"prediction\" : 7");
        assertThat(changed).isNotEqualTo(text);
        Files.writeString(report, changed);
        assertThat(problems(dir)).singleElement().asString().contains("scenario a@tiny/test:clean does not match the "
                + "journal (outcomes)");

        Files.writeString(report, text.replaceFirst("\"status\" : \"PASS\"", "\"status\" : \"FAIL\""));
        assertThat(problems(dir)).containsExactly(report + ": 'gates' does not match what the journal gives");

        Files.writeString(report, text.replace("\n", "\r\n"));
        assertThat(problems(dir)).containsExactly(report + ": same content as the journal gives, but not the same "
                + "bytes (reformatted)");
    }

    @Test
    void anEditedCsvExportIsNamed() throws IOException {
        Path dir = copy();
        Path outcomes = dir.resolve("outcomes.csv");
        List<String> rows = new ArrayList<>(Files.readAllLines(outcomes));
        assertThat(rows.getFirst()).isEqualTo("scenario,model,threat,severity,index,label,prediction,clean_prediction,"
                + "correct,confidence,linf,l2,details");
        assertThat(rows.get(1)).startsWith("a@tiny/test:clean,a,clean,0,0,");
        rows.remove(2);
        Files.write(outcomes, rows);
        assertThat(problems(dir)).containsExactly(outcomes + ": does not match what the journal gives");
    }

    @Test
    void aDirectoryWithoutJournalIsBadInput() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(CliRunner.run("verify", empty.toString()).exitCode()).isEqualTo(2);
    }
}
