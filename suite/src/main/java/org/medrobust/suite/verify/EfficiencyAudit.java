package org.medrobust.suite.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.reports.efficiency.EfficiencyReport;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.suite.report.EfficiencyFile;

/**
 * efficiency.json under {@code verify}, where someone measured: it must conform to
 * docs/schema/efficiency.schema.json, name the SHA-256 of this report.json (a file measured for another campaign or
 * an edited report is named), time exactly report.json's models with the content SHA-256 report.json lists, at the
 * campaign's batch size, and be consistent in itself (throughput = 1000 / ms per image; working set = peak -
 * baseline). The timings themselves are a measurement: nothing can recompute them, so an edited latency that keeps
 * these relations is not detected.
 */
final class EfficiencyAudit {

    private static final PublishedSchema SCHEMA = PublishedSchema.of("efficiency.schema.json");

    private EfficiencyAudit() {
    }

    static List<String> check(Path dir, Path reportJson, CampaignReport report, int batchSize) {
        Path file = dir.resolve(EfficiencyFile.NAME);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        try {
            List<String> violations = SCHEMA.violations(Files.readString(file, StandardCharsets.UTF_8));
            if (!violations.isEmpty()) {
                violations.stream().limit(5).forEach(v -> problems.add(file + ": breaks " + SCHEMA.name() + " at " + v));
                return problems;
            }
        } catch (IOException e) {
            return List.of(file + ": cannot be read: " + e.getMessage());
        }
        EfficiencyReport efficiency;
        try {
            efficiency = EfficiencyFile.read(dir).orElseThrow();
        } catch (InvalidInputException e) {
            return List.of(e.getMessage());
        }
        String sha = Sha256.of(reportJson);
        if (!efficiency.reportSha256().equals(sha)) {
            problems.add(file + ": measured for another report.json (SHA-256 " + efficiency.reportSha256()
                    .substring(0, 12) + "..., this one is " + sha.substring(0, 12) + "...)");
        }
        List<String> timed = efficiency.models().stream().map(EfficiencyReport.ModelTiming::model).toList();
        List<String> listed = report.models().stream().map(InputIdentity::id).toList();
        if (!timed.equals(listed)) {
            problems.add(file + ": times models " + timed + ", but report.json's models are " + listed);
        }
        for (EfficiencyReport.ModelTiming t : efficiency.models()) {
            Optional<InputIdentity> model = report.models().stream().filter(m -> m.id().equals(t.model())).findFirst();
            if (model.isPresent() && !model.get().sha256().equals(t.sha256())) {
                problems.add(file + ": model " + t.model() + " was timed with content SHA-256 " + t.sha256()
                        .substring(0, 12) + "..., report.json lists " + model.get().sha256().substring(0, 12) + "...");
            }
            if (t.batch() != batchSize) {
                problems.add(file + ": model " + t.model() + " timed at batch " + t.batch() + ", the campaign's is "
                        + batchSize);
            }
            if (!close(t.throughput(), 1000 / t.msPerImageBatch())) {
                problems.add(file + ": model " + t.model() + ": throughput " + t.throughput() + " is not 1000 / "
                        + t.msPerImageBatch() + " ms per image");
            }
            if (t.memory() != null && !close(t.memory().increaseMb(), t.memory().peakRssMb()
                    - t.memory().baselineRssMb())) {
                problems.add(file + ": model " + t.model() + ": working set " + t.memory().increaseMb()
                        + " MB is not peak - baseline");
            }
        }
        return problems;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }
}
