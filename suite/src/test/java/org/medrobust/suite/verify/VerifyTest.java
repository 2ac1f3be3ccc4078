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
        // named twice: against the journal, and against the gallery of report-context.json that showed that sample
        assertThat(problems(dir)).hasSize(2).anySatisfy(p -> assertThat(p).contains("scenario a@tiny/test:clean does "
                + "not match the journal (outcomes)")).anySatisfy(p -> assertThat(p).contains("report-context.json: "
                + "gallery a tiny/test #0 'clean' shows label dark, prediction bright but report.json recorded dark, 7"));

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

    // ---- the files beside report.json: report-context.json and efficiency.json ----

    private static String context(Path dir) throws IOException {
        return Files.readString(dir.resolve("report-context.json"), StandardCharsets.UTF_8);
    }

    /** Writes report-context.json and records its new SHA-256 in environment.json (a consistent forger). */
    private static void forgeContext(Path dir, String text) throws IOException {
        String env = Files.readString(dir.resolve("environment.json"), StandardCharsets.UTF_8);
        String old = org.medrobust.datasets.util.Sha256.of(context(dir));
        Files.writeString(dir.resolve("report-context.json"), text, StandardCharsets.UTF_8);
        assertThat(env).contains(old);
        Files.writeString(dir.resolve("environment.json"), env.replace(old,
                org.medrobust.datasets.util.Sha256.of(text)), StandardCharsets.UTF_8);
    }

    @Test
    void anEditedReportContextIsNamedByItsRecordedHash() throws IOException {
        Path dir = copy();
        String text = context(dir);
        assertThat(text).contains("\"gallery\"", "\"caption\" : \"gaussian_noise s1\"");
        // a harmless-looking edit that keeps the file consistent with report.json: only the hash can tell
        Files.writeString(dir.resolve("report-context.json"), text.replace("\n", "\r\n"), StandardCharsets.UTF_8);
        List<String> problems = problems(dir);
        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst()).startsWith(dir.resolve("report-context.json") + ": edited after the run "
                + "(SHA-256 ").contains("environment.json recorded");
        CliRunner.Result result = CliRunner.run("verify", dir.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip().lines()).containsExactly("TAMPERED " + problems.getFirst());
    }

    @Test
    void aGalleryThatDisagreesWithReportJsonIsNamedEvenWithItsHashForged() throws IOException {
        Path dir = copy();
        String text = context(dir);
        // the first panel of the first sample: flip what it says about the model's answer
        java.util.regex.Matcher first = java.util.regex.Pattern.compile("\"correct\" : (true|false)").matcher(text);
        assertThat(first.find()).isTrue();
        String flipped = text.substring(0, first.start()) + "\"correct\" : " + !Boolean.parseBoolean(first.group(1))
                + text.substring(first.end());
        assertThat(flipped).isNotEqualTo(text);
        forgeContext(dir, flipped);
        List<String> problems = problems(dir);
        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst()).startsWith(dir.resolve("report-context.json") + ": gallery a tiny/test #0 "
                + "'clean' shows label ").contains("but report.json recorded");
    }

    @Test
    void aReportContextBreakingItsSchemaOrMissingIsNamed() throws IOException {
        Path dir = copy();
        forgeContext(dir, context(dir).replaceFirst("\"gallery\" :", "\"extra\" : 1, \"gallery\" :"));
        assertThat(problems(dir)).singleElement().asString()
                .isEqualTo(dir.resolve("report-context.json") + ": breaks report-context.schema.json at the top level: "
                        + "property 'extra' is not defined in the schema and the schema does not allow additional "
                        + "properties");

        Path gone = copy("gone");
        Files.delete(gone.resolve("report-context.json"));
        assertThat(problems(gone)).containsExactly(gone.resolve("report-context.json") + ": missing (environment.json "
                + "records its SHA-256)");
    }

    /** efficiency.json as the measuring code writes it, for this directory's report.json. */
    private static org.medrobust.reports.efficiency.EfficiencyReport efficiency(Path dir, double throughputA) {
        var report = org.medrobust.suite.report.ReportFiles.report(dir.resolve("report.json"));
        List<org.medrobust.reports.efficiency.EfficiencyReport.ModelTiming> timings = new ArrayList<>();
        for (var m : report.models()) {
            timings.add(new org.medrobust.reports.efficiency.EfficiencyReport.ModelTiming(m.id(), m.sha256(),
                    "1x8x8", 2.0, 32, 0.5, m.id().equals("a") ? throughputA : 2000,
                    new org.medrobust.reports.bench.MemoryUse(300, 350, 50)));
        }
        return new org.medrobust.reports.efficiency.EfficiencyReport(
                org.medrobust.reports.efficiency.EfficiencyReport.SCHEMA,
                org.medrobust.datasets.util.Sha256.of(dir.resolve("report.json")), "cpu", "cpu",
                "a child JVM per model", "2026-11-30T00:00:00Z", 3, timings);
    }

    @Test
    void efficiencyJsonIsCheckedAgainstItsSchemaAndReportJson() throws IOException {
        Path dir = copy();
        org.medrobust.suite.report.EfficiencyFile.write(dir, efficiency(dir, 2000));
        assertThat(problems(dir)).isEmpty();
        Path file = dir.resolve("efficiency.json");
        String good = Files.readString(file);

        org.medrobust.suite.report.EfficiencyFile.write(dir, efficiency(dir, 2500)); // an edited throughput
        assertThat(problems(dir)).containsExactly(file + ": model a: throughput 2500.0 is not 1000 / 0.5 ms per "
                + "image");

        Files.writeString(file, good.replaceFirst("\"latencyMsBatch1\" : 2.0", "\"latencyMsBatch1\" : -2.0"));
        assertThat(problems(dir)).containsExactly(file + ": breaks efficiency.schema.json at "
                + "/models/0/latencyMsBatch1: must have an exclusive minimum value of 0");

        Files.writeString(file, good.replace("\"batch\" : 32", "\"batch\" : 16"));
        assertThat(problems(dir)).contains(file + ": model a timed at batch 16, the campaign's is 32");

        // measured for another report: report.json's bytes changed (reformatted) after the timing
        Files.writeString(file, good);
        Path report = dir.resolve("report.json");
        Files.writeString(report, Files.readString(report) + "\n");
        assertThat(problems(dir)).anySatisfy(p -> assertThat(p).startsWith(file + ": measured for another "
                + "report.json (SHA-256 "));
        CliRunner.Result result = CliRunner.run("verify", dir.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("TAMPERED " + file + ": measured for another report.json");
    }
}
