package org.medrobust.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.inputs.InputLoader;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;
import org.medrobust.suite.plan.Planner;
import org.medrobust.suite.plan.Scenario;
import org.medrobust.suite.report.ReportAssembler;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.report.RunEnvironment;
import org.medrobust.suite.run.CampaignRunner;
import org.medrobust.suite.run.Journal;
import org.medrobust.suite.run.ProgressListener;
import org.medrobust.suite.run.ScenarioRecord;

/** One campaign end to end: config, inputs, plan, journaled run (resumable), report, gates. */
public final class Campaign {

    private final CampaignConfig config;
    private final InputLoader loader;
    private final ProgressListener progress;

    public Campaign(CampaignConfig config, InputLoader loader, ProgressListener progress) {
        this.config = config;
        this.loader = loader;
        this.progress = progress;
    }

    /** Runs (or resumes) the campaign into {@code outDir} and returns the report that was written there. */
    public CampaignReport run(Path outDir) {
        Instant started = Instant.now();
        prepare(outDir);
        List<LoadedData> data = new ArrayList<>();
        for (DataSpec spec : config.data()) {
            data.add(loader.loadData(spec));
        }
        List<LoadedModel> models = new ArrayList<>();
        try {
            for (ModelSpec spec : config.models()) {
                models.add(loader.loadModel(spec, data));
            }
            List<Scenario> plan = Planner.plan(data, models, config.threats());
            List<ScenarioRecord> records;
            try (Journal journal = Journal.open(outDir, ConfigLoader.sha256(config),
                    plan.stream().map(Scenario::id).toList())) {
                records = new CampaignRunner(config.seed(), config.batchSize(), models, data, journal, progress)
                        .run(plan);
            }
            CampaignReport report = ReportAssembler.assemble(config,
                    models.stream().map(LoadedModel::identity).toList(),
                    data.stream().map(LoadedData::identity).toList(), records);
            ResultWriter.write(outDir, report, RunEnvironment.describe(started, Instant.now(), records));
            return report;
        } finally {
            models.forEach(m -> m.classifier().close());
        }
    }

    private static void prepare(Path outDir) {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new InvalidInputException(outDir + ": --out must be a directory, this is a file");
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot create the output directory: " + e.getMessage(), e);
        }
    }
}
