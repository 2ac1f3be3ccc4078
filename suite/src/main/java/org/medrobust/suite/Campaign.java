package org.medrobust.suite;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.SourceSite;
import org.medrobust.reports.html.ReportContext;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.inputs.InputLoader;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;
import org.medrobust.suite.plan.MitigationReference;
import org.medrobust.suite.plan.Planner;
import org.medrobust.suite.plan.Scenario;
import org.medrobust.suite.report.ModelFactsReader;
import org.medrobust.suite.report.ReportAssembler;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.report.RunEnvironment;
import org.medrobust.suite.run.CampaignEngine;
import org.medrobust.suite.run.CampaignIdentity;
import org.medrobust.suite.run.CampaignRunner;
import org.medrobust.suite.run.GalleryDrawer;
import org.medrobust.suite.run.Journal;
import org.medrobust.suite.run.ProgressListener;
import org.medrobust.suite.run.ResultsDirectory;
import org.medrobust.suite.run.ScenarioRecord;

/**
 * One campaign end to end: config, inputs, plan, journaled run (resumable), report, gates. Everything that can be
 * checked before running is checked before anything is written: {@link #prepare()} loads and hashes every input and
 * plans; only {@link Prepared#run} creates the results directory.
 */
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
        try (Prepared prepared = prepare()) {
            return prepared.run(outDir);
        }
    }

    /**
     * Loads every data set and model (with their SHA-256), plans the scenarios and fixes the campaign's identity.
     * Bad input fails here, with nothing written. The caller closes the result (it holds the models).
     */
    public Prepared prepare() {
        List<LoadedData> data = new ArrayList<>();
        for (DataSpec spec : config.data()) {
            LoadedData loaded = loader.loadData(spec);
            SourceSite.require(loaded.dataset(), spec.sourceSite(), spec.source() + " (" + loaded.split().key()
                    + " split)");
            data.add(loaded);
        }
        List<LoadedModel> models = new ArrayList<>();
        try {
            for (ModelSpec spec : config.models()) {
                models.add(loader.loadModel(spec, data));
            }
            requireBaseline(models);
            Map<String, MitigationReference> references = mitigationReferences(data);
            List<Scenario> plan = Planner.plan(data, config.data(), models, config.threats(), references);
            return new Prepared(data, models, plan, identity(data, models, references.values()));
        } catch (RuntimeException e) {
            models.forEach(m -> m.classifier().close());
            throw e;
        }
    }

    /** A named corruption-error baseline must be one of the campaign's models. */
    private void requireBaseline(List<LoadedModel> models) {
        List<String> ids = models.stream().map(LoadedModel::id).toList();
        if (config.baseline() != null && !ids.contains(config.baseline())) {
            throw new InvalidInputException("config: baseline '" + config.baseline()
                    + "' is not a model of the campaign: its models are " + ids);
        }
    }

    /** Each threat entry's mitigation reference, loaded and checked disjoint from every evaluated image. */
    private Map<String, MitigationReference> mitigationReferences(List<LoadedData> data) {
        Map<String, MitigationReference> references = new LinkedHashMap<>();
        for (ThreatSpec threat : config.threats()) {
            if (threat.reference() != null) {
                MitigationReference reference = MitigationReference.load(threat, loader);
                reference.requireDisjoint(data);
                references.put(threat.id(), reference);
            }
        }
        return references;
    }

    private CampaignIdentity identity(List<LoadedData> data, List<LoadedModel> models,
            Collection<MitigationReference> references) {
        List<CampaignIdentity.Input> inputs = new ArrayList<>();
        for (LoadedModel m : models) {
            var id = m.identity();
            inputs.add(new CampaignIdentity.Input("model", id.id(), id.source(), id.sha256(),
                    id.input() == null ? null : ResultJson.compact().valueToTree(id.input()).toString()));
        }
        for (LoadedData d : data) {
            var id = d.identity();
            inputs.add(new CampaignIdentity.Input("data", id.id(), id.source(), id.sha256(), null));
        }
        inputs.addAll(siteProfiles()); // a profile file edited between runs is other content, like a model
        references.forEach(r -> inputs.add(new CampaignIdentity.Input("mitigation reference", r.threat(),
                r.spec().describe(), r.sha256(), null)));
        return new CampaignIdentity(ConfigLoader.sha256(config), RunEnvironment.software(), inputs);
    }

    /** The site-profile files the config's threats name, as inputs of role "site profile". */
    private List<CampaignIdentity.Input> siteProfiles() {
        return config.threats().stream().filter(t -> t.profileFile() != null)
                .map(t -> new CampaignIdentity.Input("site profile", t.id(), t.profileFile().source(),
                        t.profileFile().sha256(), null)).toList();
    }

    /** A campaign whose inputs are loaded and checked, ready to run into a directory. */
    public final class Prepared implements AutoCloseable {

        private final List<LoadedData> data;
        private final List<LoadedModel> models;
        private final List<Scenario> plan;
        private final CampaignIdentity identity;

        private Prepared(List<LoadedData> data, List<LoadedModel> models, List<Scenario> plan,
                CampaignIdentity identity) {
            this.data = data;
            this.models = models;
            this.plan = plan;
            this.identity = identity;
        }

        public CampaignIdentity identity() {
            return identity;
        }

        /**
         * The loaded models, in config order (to time them: {@code medrobust report --measure-efficiency}; an engine's
         * executors load their own and compare).
         */
        public List<LoadedModel> models() {
            return List.copyOf(models);
        }

        /**
         * medrobust-results/&lt;name&gt;-&lt;first 12 hex digits of the identity's SHA-256&gt;: a change of config, input
         * content or software gives a new directory, and rerunning the same campaign resumes its own. The name is
         * reduced to letters, digits, '.', '_' and '-' (a config's name must not steer where results are written).
         */
        public Path defaultOutDir() {
            return Path.of("medrobust-results", safeName(config.name()) + "-" + identity.sha256().substring(0, 12));
        }

        /** The campaign name as one harmless path segment: no separators, no "..", no control characters. */
        private static String safeName(String name) {
            String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
            return safe.isEmpty() ? "campaign" : safe;
        }

        /** The loaded data splits, in config order. */
        public List<LoadedData> data() {
            return List.copyOf(data);
        }

        public List<Scenario> plan() {
            return List.copyOf(plan);
        }

        public CampaignReport run(Path outDir) {
            return run(outDir, null, java.util.Map.of());
        }

        /**
         * Runs into {@code outDir}; a non-null {@code engine} computes the pending units first (journaling each), and
         * the single-JVM runner then reads them back, so the report is the same bytes whichever engine computed them.
         */
        public CampaignReport run(Path outDir, CampaignEngine engine, java.util.Map<String, String> engineOptions) {
            Instant started = Instant.now();
            Journal journal = ResultsDirectory.open(outDir, dir -> Journal.open(dir, identity,
                    plan.stream().map(Scenario::id).toList()));
            List<ScenarioRecord> records;
            try {
                if (engine != null) {
                    engine.compute(new CampaignEngine.Job(config, identity, models, data, plan, journal, progress,
                            engineOptions));
                }
                records = new CampaignRunner(config.seed(), config.batchSize(), models, data, journal, progress)
                        .run(plan);
            } finally {
                journal.close();
            }
            List<Journal.Session> sessions = journal.sessions();
            CampaignReport report = ReportAssembler.assemble(config,
                    models.stream().map(LoadedModel::identity).toList(),
                    data.stream().map(LoadedData::identity).toList(), records);
            java.util.Map<String, Object> environment = new java.util.LinkedHashMap<>(
                    RunEnvironment.describe(started, Instant.now(), records, sessions));
            environment.put("journal", journal.head()); // the chain's head: medrobust verify checks the last line
            if (!siteProfiles().isEmpty()) {
                environment.put("siteProfiles", siteProfiles().stream().map(i -> {
                    java.util.Map<String, Object> entry = new java.util.LinkedHashMap<>();
                    entry.put("threat", i.id());
                    entry.put("file", i.source());
                    entry.put("sha256", i.sha256());
                    return entry;
                }).toList());
            }
            ReportContext context = new ReportContext(ModelFactsReader.of(report.models()),
                    GalleryDrawer.draw(config.seed(), plan, models, data));
            ResultWriter.write(outDir, report, environment, context);
            return report;
        }

        @Override
        public void close() {
            models.forEach(m -> m.classifier().close());
        }
    }
}
