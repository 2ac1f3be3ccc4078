package org.medrobust.suite.run;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;
import org.medrobust.suite.plan.Scenario;

/**
 * Where a campaign's pending (scenario, batch) units are computed, other than in this JVM: e.g. the Spark engine of
 * the {@code medrobust-spark} module, found through {@link ServiceLoader} when its jar is on the class path. An engine
 * journals every unit it finishes ({@link Journal#appendBatch}, {@link Journal#appendFailure}, on the caller's
 * thread); {@link CampaignRunner} then reads them all back in plan order, so the report is the one a single-JVM run
 * writes, and a crash of either resumes from the journal.
 */
public interface CampaignEngine {

    /** The engine that needs nothing beyond the suite: every unit computed by {@link CampaignRunner} itself. */
    String LOCAL = "local";

    /** The name {@code --engine} selects it by. */
    String name();

    /** Computes the job's units not yet in its journal, journaling each as it finishes. */
    void compute(Job job);

    /**
     * What an engine runs: the loaded campaign (config, inputs with their identity, plan), the open journal, and the
     * engine's options (e.g. {@code master}).
     */
    record Job(CampaignConfig config, CampaignIdentity identity, List<LoadedModel> models, List<LoadedData> data,
            List<Scenario> plan, Journal journal, ProgressListener progress, Map<String, String> options) {
    }

    /** The engine named {@code name}, or null for {@value #LOCAL}; a one-line error when its jar is missing. */
    static CampaignEngine named(String name) {
        if (name == null || LOCAL.equals(name)) {
            return null;
        }
        return ServiceLoader.load(CampaignEngine.class).stream().map(ServiceLoader.Provider::get)
                .filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidInputException("--engine " + name + ": no such engine on the class path"
                        + ("spark".equals(name) ? "; add spark/target/medrobust-spark.jar and spark/target/lib/* "
                                + "(./medrobust builds and adds them for --engine spark)" : "; engines: local")));
    }
}
