package org.medrobust.suite.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.reports.html.ReportContext;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.report.ModelFactsReader;
import org.medrobust.suite.report.ReportContextFile;

/**
 * report-context.json under {@code verify}: it must conform to docs/schema/report-context.schema.json, hash to the
 * SHA-256 the run recorded in environment.json (as the journal's chain head is), and agree with report.json: its
 * model facts are the shipped model cards of report.json's models, and every gallery panel names a scenario of that
 * model and data set whose recorded outcome for that sample has the same label, prediction and correctness. What it
 * cannot check: the gallery images themselves (redrawing them needs the models and data, which verify never opens).
 */
final class ContextAudit {

    private static final PublishedSchema SCHEMA = PublishedSchema.of("report-context.schema.json");

    private final Path file;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private ContextAudit(Path file) {
        this.file = file;
    }

    /**
     * @param recordedSha256 what environment.json recorded for the file; empty for results written before it did
     */
    static ResultsVerifier.Findings check(Path dir, CampaignReport report, Optional<String> recordedSha256) {
        ContextAudit audit = new ContextAudit(dir.resolve(ReportContextFile.NAME));
        audit.run(dir, report, recordedSha256);
        return new ResultsVerifier.Findings(List.copyOf(audit.problems), List.copyOf(audit.notes));
    }

    private void run(Path dir, CampaignReport report, Optional<String> recorded) {
        if (!Files.exists(file)) {
            if (recorded.isPresent()) {
                problems.add(file + ": missing (environment.json records its SHA-256)");
            } else {
                notes.add(file + ": none (results written before it existed)");
            }
            return;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(file + ": cannot be read: " + e.getMessage());
            return;
        }
        List<String> violations = SCHEMA.violations(text);
        if (!violations.isEmpty()) {
            violations.stream().limit(5).forEach(v -> problems.add(file + ": breaks " + SCHEMA.name() + " at " + v));
            return;
        }
        String sha = Sha256.of(text);
        if (recorded.isEmpty()) {
            notes.add(file + ": environment.json records no SHA-256 for it (written before this version)");
        } else if (!recorded.get().equals(sha)) {
            problems.add(file + ": edited after the run (SHA-256 " + sha.substring(0, 12) + "..., environment.json "
                    + "recorded " + recorded.get().substring(0, 12) + "...)");
        }
        ReportContext context;
        try {
            context = ReportContextFile.read(dir).orElseThrow();
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
            return;
        }
        if (!context.models().equals(ModelFactsReader.of(report.models()))) {
            problems.add(file + ": its model facts are not the shipped model cards of report.json's models");
        }
        context.gallery().forEach(item -> item.panels().forEach(panel -> checkPanel(report, item, panel)));
    }

    /** One gallery panel against the outcome report.json recorded for its scenario and sample. */
    private void checkPanel(CampaignReport report, ReportContext.GalleryItem item, ReportContext.Panel panel) {
        String where = "gallery " + item.model() + " " + item.dataset() + " #" + item.index() + " '" + panel.caption()
                + "'";
        String id = item.model() + "@" + item.dataset() + ":" + scenarioSuffix(panel.caption());
        Optional<ScenarioResult> scenario = report.scenarios().stream().filter(s -> s.id().equals(id)).findFirst();
        if (scenario.isEmpty()) {
            problems.add(file + ": " + where + " names scenario " + id + ", which report.json does not hold");
            return;
        }
        if (scenario.get().status() != ScenarioStatus.COMPLETED) {
            return; // the gallery redraws a threat even where its scenario failed: nothing recorded to compare with
        }
        Optional<SampleOutcome> outcome = scenario.get().outcomes().stream()
                .filter(o -> o.index() == item.index()).findFirst();
        if (outcome.isEmpty()) {
            problems.add(file + ": " + where + " shows a sample scenario " + id + " did not evaluate");
            return;
        }
        SampleOutcome o = outcome.get();
        List<String> dataClasses = classes(report.datasets(), item.dataset());
        List<String> modelClasses = classes(report.models(), item.model());
        String label = name(dataClasses, o.label());
        // a model whose identity lists no classes predicts in the data set's (the campaign checked they agree)
        String prediction = o.prediction() < 0 ? "non-finite"
                : name(modelClasses != null ? modelClasses : dataClasses, o.prediction());
        if (!Objects.equals(label, item.label()) || !Objects.equals(prediction, panel.prediction())
                || panel.correct() != o.correct()) {
            problems.add(file + ": " + where + " shows label " + item.label() + ", prediction " + panel.prediction()
                    + " but report.json recorded " + label + ", " + prediction);
        }
    }

    /** "clean" -> "clean", "gaussian_noise s3" -> "gaussian_noise/s3", "pgd_linf" -> "pgd_linf". */
    private static String scenarioSuffix(String caption) {
        int space = caption.lastIndexOf(" s");
        return space > 0 && caption.substring(space + 2).matches("[0-9]+")
                ? caption.substring(0, space) + "/s" + caption.substring(space + 2) : caption;
    }

    private static List<String> classes(List<InputIdentity> inputs, String id) {
        return inputs.stream().filter(i -> i.id().equals(id)).findFirst().map(InputIdentity::classes).orElse(null);
    }

    private static String name(List<String> names, int index) {
        return names != null && index >= 0 && index < names.size() ? names.get(index) : String.valueOf(index);
    }
}
