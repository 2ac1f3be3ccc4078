package org.medrobust.suite.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.csv.CsvExport;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.report.ReportAssembler;
import org.medrobust.suite.report.ReportContextFile;
import org.medrobust.suite.report.ReportFiles;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.run.CampaignIdentity;
import org.medrobust.suite.run.CampaignRunner;
import org.medrobust.suite.run.Journal;
import org.medrobust.suite.run.JournalAudit;

/**
 * {@code medrobust verify}: checks a results directory after the fact. The journal's hash chain is recomputed (every
 * record edited, removed or reordered is named, and the last line against the head environment.json recorded), then
 * report.json is rebuilt from the journal's outcomes through the same code that wrote it ({@link ReportAssembler})
 * and compared byte for byte; where they differ, the scenarios, gates or fields that differ are named. The config
 * recorded in report.json must hash to the journal's config SHA-256, and every model and data set to the content
 * SHA-256 the journal was bound to. The files beside it that the views read are checked too: report-context.json
 * ({@link ContextAudit}) and, where someone measured, efficiency.json ({@link EfficiencyAudit}).
 */
public final class ResultsVerifier {

    /** What was found: problems are tampering (or corruption); notes are not. */
    public record Findings(List<String> problems, List<String> notes) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** report-context.json's SHA-256 as environment.json recorded it, if it did. */
    private Optional<String> contextSha256 = Optional.empty();

    private ResultsVerifier() {
    }

    public static Findings verify(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": not a directory");
        }
        ResultsVerifier verifier = new ResultsVerifier();
        Optional<Journal.Head> head = verifier.head(dir.resolve(ResultWriter.ENVIRONMENT_JSON));
        JournalAudit journal = JournalAudit.of(dir.resolve(Journal.FILE_NAME), head);
        verifier.problems.addAll(journal.problems());
        verifier.notes.addAll(journal.notes());
        Path report = dir.resolve(ResultWriter.REPORT_JSON);
        if (!Files.exists(report)) {
            verifier.problems.add(report + ": missing (the journal has no report to check)");
        } else if (journal.identity() != null) {
            verifier.checkReport(report, journal);
        }
        return new Findings(List.copyOf(verifier.problems), List.copyOf(verifier.notes));
    }

    private Optional<Journal.Head> head(Path environment) {
        if (!Files.exists(environment)) {
            problems.add(environment + ": missing, so the journal's last line cannot be checked");
            return Optional.empty();
        }
        try {
            JsonNode root = ResultJson.compact().readTree(Files.readString(environment));
            contextSha256 = Optional.ofNullable(root.path(ReportContextFile.ENVIRONMENT_KEY).path("sha256")
                    .textValue());
            JsonNode journal = root.path("journal");
            return journal.isMissingNode() ? Optional.empty()
                    : Optional.of(ResultJson.compact().treeToValue(journal, Journal.Head.class));
        } catch (IOException e) {
            problems.add(environment + ": not valid JSON, so the journal's last line cannot be checked");
            return Optional.empty();
        }
    }

    private void checkReport(Path file, JournalAudit journal) {
        CampaignReport written = ReportFiles.report(file);
        CampaignConfig config;
        try {
            config = ResultJson.compact().convertValue(written.config(), CampaignConfig.class);
        } catch (IllegalArgumentException | InvalidInputException e) {
            problems.add(file + ": its config is not a campaign config: " + e.getMessage());
            return;
        }
        CampaignIdentity identity = journal.identity();
        if (!ConfigLoader.sha256(config).equals(identity.configSha256())) {
            problems.add(file + ": its config does not hash to the journal's config SHA-256 " + identity.configSha256()
                    + " (config edited, or the report of another campaign)");
        }
        checkInputs(file, "model", written.models(), identity);
        checkInputs(file, "data", written.datasets(), identity);
        List<String> ids = written.scenarios().stream().map(ScenarioResult::id).toList();
        if (!ids.equals(journal.plan())) {
            problems.add(file + ": its scenarios are not the journal's plan (" + ids.size() + " listed, "
                    + journal.plan().size() + " planned)");
            return;
        }
        List<ScenarioResult> rebuilt = rebuild(file, written.scenarios(), journal);
        CampaignReport expected = ReportAssembler.complete(config, written.models(), written.datasets(), rebuilt);
        compare(file, expected, checkMaskingFlags(file, written.scenarios(), expected.scenarios()));
        checkSideFiles(file, written, config);
    }

    /** report-context.json and efficiency.json, the files beside report.json that the views read. */
    private void checkSideFiles(Path reportJson, CampaignReport report, CampaignConfig config) {
        Findings context = ContextAudit.check(reportJson.getParent(), report, contextSha256);
        problems.addAll(context.problems());
        notes.addAll(context.notes());
        problems.addAll(EfficiencyAudit.check(reportJson.getParent(), reportJson, report, config.batchSize()));
    }

    /**
     * The gradient-masking flag each scenario records against the one its outcomes give (re-derived by the same
     * code that wrote it); one problem per scenario that disagrees. Returns the ids named.
     */
    private java.util.Set<String> checkMaskingFlags(Path file, List<ScenarioResult> written,
            List<ScenarioResult> expected) {
        java.util.Set<String> named = new java.util.HashSet<>();
        for (int i = 0; i < written.size(); i++) {
            String recorded = flag(written.get(i));
            String derived = flag(expected.get(i));
            if (!Objects.equals(recorded, derived)) {
                named.add(written.get(i).id());
                problems.add(file + ": scenario " + written.get(i).id() + " records " + (recorded == null
                        ? "no gradient-masking flag" : "the gradient-masking flag '" + recorded + "'") + " but its "
                        + "outcomes give " + (derived == null ? "none" : "'" + derived + "'"));
            }
        }
        return named;
    }

    private static String flag(ScenarioResult s) {
        return s.attack() == null ? null : s.attack().gradientMasking();
    }

    private void checkInputs(Path file, String role, List<InputIdentity> listed, CampaignIdentity identity) {
        Map<String, String> bound = new HashMap<>();
        identity.inputs().stream().filter(i -> role.equals(i.role())).forEach(i -> bound.put(i.id(), i.sha256()));
        for (InputIdentity input : listed) {
            if (!Objects.equals(bound.get(input.id()), input.sha256())) {
                problems.add(file + ": " + role + " " + input.id() + " has SHA-256 " + input.sha256() + " but the "
                        + "journal was bound to " + bound.get(input.id()));
            }
        }
    }

    /** Each scenario as the journal says it ended; what the journal cannot say (skips) is taken from the report. */
    private List<ScenarioResult> rebuild(Path file, List<ScenarioResult> written, JournalAudit journal) {
        Map<String, ScenarioStatus> cleanStatus = new HashMap<>();
        List<ScenarioResult> rebuilt = new ArrayList<>(written.size());
        for (ScenarioResult s : written) {
            String cleanKey = s.model() + "@" + s.dataset() + "/" + s.split();
            Optional<String> failure = journal.failure(s.id());
            var outcomes = journal.outcomes(s.id());
            ScenarioStatus status;
            String reason = null;
            if (failure.isPresent()) {
                status = ScenarioStatus.FAILED;
                reason = failure.get();
            } else if (outcomes.isPresent()) {
                status = ScenarioStatus.COMPLETED;
            } else if (s.status() == ScenarioStatus.SKIPPED) {
                status = ScenarioStatus.SKIPPED;
                reason = s.reason();
            } else if (!"CLEAN".equals(s.family()) && cleanStatus.get(cleanKey) == ScenarioStatus.FAILED) {
                status = ScenarioStatus.FAILED;
                reason = CampaignRunner.noBaseline(cleanKey);
            } else {
                problems.add(file + ": scenario " + s.id() + " is " + s.status() + " but the journal has no "
                        + "record of it");
                rebuilt.add(s);
                continue;
            }
            if ("CLEAN".equals(s.family())) {
                cleanStatus.put(cleanKey, status);
            }
            ScenarioResult result = ReportAssembler.scenarioResult(s.id(), s.model(), s.dataset(), s.split(),
                    s.family(), s.threat(), s.severity(), s.parameters(), status, reason, outcomes.orElse(List.of()));
            rebuilt.add(result); // its gradient-masking flag is re-derived from the outcomes by complete()
        }
        return rebuilt;
    }

    /** Byte for byte; a scenario already named for its masking flag alone is not named again. */
    private void compare(Path file, CampaignReport expected, java.util.Set<String> flagged) {
        String expectedText;
        String actualText;
        try {
            expectedText = ResultJson.pretty().writeValueAsString(expected) + "\n";
            actualText = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
        checkCsv(file.resolveSibling(CsvExport.SCENARIOS_CSV), CsvExport.scenarios(expected));
        checkCsv(file.resolveSibling(CsvExport.OUTCOMES_CSV), CsvExport.outcomes(expected));
        if (expectedText.equals(actualText)) {
            return;
        }
        int before = problems.size();
        try {
            JsonNode want = ResultJson.compact().readTree(expectedText);
            JsonNode have = ResultJson.compact().readTree(actualText);
            Iterator<String> fields = want.fieldNames();
            while (fields.hasNext()) {
                String field = fields.next();
                if ("scenarios".equals(field)) {
                    for (int i = 0; i < want.get(field).size(); i++) {
                        JsonNode wanted = want.get(field).get(i);
                        if (flagged.contains(wanted.path("id").asText())) {
                            wanted = withFlagOf(wanted, have.path(field).path(i));
                        }
                        if (!wanted.equals(have.path(field).path(i))) {
                            problems.add(file + ": scenario " + want.get(field).get(i).path("id").asText()
                                    + " does not match the journal (" + differingFields(want.get(field).get(i),
                                    have.path(field).path(i)) + ")");
                        }
                    }
                } else if (!want.get(field).equals(have.path(field))) {
                    problems.add(file + ": '" + field + "' does not match what the journal gives");
                }
            }
            have.fieldNames().forEachRemaining(field -> {
                if (!want.has(field)) {
                    problems.add(file + ": '" + field + "' is not something the journal gives");
                }
            });
        } catch (JsonProcessingException e) {
            problems.add(file + ": not valid JSON");
        }
        if (problems.size() == before && flagged.isEmpty()) {
            problems.add(file + ": same content as the journal gives, but not the same bytes (reformatted)");
        }
    }

    /** {@code want} with the gradient-masking flag {@code have} records, so only other differences remain. */
    private static JsonNode withFlagOf(JsonNode want, JsonNode have) {
        JsonNode copy = want.deepCopy();
        if (copy.path("attack") instanceof com.fasterxml.jackson.databind.node.ObjectNode attack) {
            attack.remove("gradientMasking");
            JsonNode recorded = have.path("attack").path("gradientMasking");
            if (!recorded.isMissingNode()) {
                attack.set("gradientMasking", recorded);
            }
        }
        return copy;
    }

    /** A CSV export is checked when present (results written before CSVs existed have none). */
    private void checkCsv(Path csv, String expected) {
        try {
            if (Files.exists(csv) && !Files.readString(csv, StandardCharsets.UTF_8).equals(expected)) {
                problems.add(csv + ": does not match what the journal gives");
            }
        } catch (IOException e) {
            problems.add(csv + ": cannot be read: " + e.getMessage());
        }
    }

    private static String differingFields(JsonNode want, JsonNode have) {
        List<String> differ = new ArrayList<>();
        want.fieldNames().forEachRemaining(f -> {
            if (!want.get(f).equals(have.path(f))) {
                differ.add(f);
            }
        });
        have.fieldNames().forEachRemaining(f -> {
            if (!want.has(f)) {
                differ.add(f);
            }
        });
        return String.join(", ", differ);
    }
}
