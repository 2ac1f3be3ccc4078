package org.medrobust.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;
import org.medrobust.suite.plan.Scenario;
import org.medrobust.suite.report.RunEnvironment;
import org.medrobust.suite.run.CampaignIdentity;
import org.medrobust.suite.run.ProgressListener;

/**
 * The campaign as an executor holds it: models and data loaded once from the broadcast payload, checked against what
 * the driver loaded (content SHA-256 of every model and data set, the plan), then kept for every later task of this
 * JVM. Models are not shared between concurrent tasks (a fault trial writes weights): each task slot borrows a loaded
 * copy from a pool, so an executor with one core loads each model once.
 */
final class ExecutorCampaign implements AutoCloseable {

    /** The campaign identity's role of a mitigation reference ({@code Campaign}). */
    private static final String MITIGATION_REFERENCE = "mitigation reference";

    private static final Map<String, Deque<ExecutorCampaign>> POOLS = new ConcurrentHashMap<>();

    final Campaign.Prepared prepared;
    final Map<String, LoadedModel> models = new LinkedHashMap<>();
    final Map<String, LoadedData> data = new LinkedHashMap<>();
    final Map<String, Scenario> scenarios = new LinkedHashMap<>();
    private final String key;

    private ExecutorCampaign(String key, Campaign.Prepared prepared) {
        this.key = key;
        this.prepared = prepared;
        prepared.models().forEach(m -> models.put(m.id(), m));
        prepared.data().forEach(d -> data.put(d.key(), d));
        prepared.plan().forEach(s -> scenarios.put(s.id(), s));
    }

    /** A loaded campaign for this task; give it back with {@link #release}. */
    static ExecutorCampaign borrow(CampaignPayload payload) {
        ExecutorCampaign pooled = POOLS.computeIfAbsent(payload.key(), k -> new ConcurrentLinkedDeque<>()).poll();
        return pooled != null ? pooled : load(payload);
    }

    void release() {
        POOLS.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).push(this);
    }

    /** Closes every pooled campaign of this JVM (the driver does it after a local-mode run). */
    static void closeAll() {
        POOLS.values().forEach(pool -> {
            for (ExecutorCampaign c; (c = pool.poll()) != null; ) {
                c.close();
            }
        });
    }

    private static ExecutorCampaign load(CampaignPayload payload) {
        // Before any engine starts: DJL must not call home, and a task is one libtorch thread (Spark runs the
        // parallelism). An executor JVM also gets these as -D options (SparkEngine); a local-mode one has the CLI's.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        if (!payload.version().equals(RunEnvironment.version())) {
            throw new IllegalStateException("this executor runs medrobust " + RunEnvironment.version()
                    + ", the driver " + payload.version() + ": install the same build on every worker");
        }
        var config = payload.config();
        if (!payload.inputs().sources().isEmpty()) { // built-in models and data load from the jar
            try {
                config = payload.inputs().writeAndRemap(config, Files.createTempDirectory("medrobust-spark-"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder for the shipped inputs", e);
            }
        }
        Campaign.Prepared prepared = new Campaign(config, new DefaultInputLoader(), ProgressListener.NONE).prepare();
        ExecutorCampaign campaign = new ExecutorCampaign(payload.key(), prepared);
        try {
            campaign.check(payload);
        } catch (RuntimeException e) {
            campaign.close();
            throw e;
        }
        return campaign;
    }

    /** What this executor loaded is what the driver loaded, byte for byte, and plans the same scenarios. */
    private void check(CampaignPayload payload) {
        Map<String, String> found = fingerprints(models.values(), data.values(), prepared.identity());
        if (!found.equals(payload.inputSha256())) {
            throw new IllegalStateException("the executor loaded other inputs than the driver: " + found + " vs "
                    + payload.inputSha256());
        }
        if (!payload.plan().equals(java.util.List.copyOf(scenarios.keySet()))) {
            throw new IllegalStateException("the executor planned other scenarios than the driver");
        }
    }

    /**
     * "model:id", "data:name/split" and "reference:threat id" (a mitigation reference's fitted images) to the content
     * SHA-256 each was loaded with.
     */
    static Map<String, String> fingerprints(java.util.Collection<LoadedModel> models,
            java.util.Collection<LoadedData> data, CampaignIdentity identity) {
        Map<String, String> found = new LinkedHashMap<>();
        models.forEach(m -> found.put("model:" + m.id(), m.identity().sha256()));
        data.forEach(d -> found.put("data:" + d.key(), d.identity().sha256()));
        identity.inputs().stream().filter(i -> MITIGATION_REFERENCE.equals(i.role()))
                .forEach(i -> found.put("reference:" + i.id(), i.sha256()));
        return found;
    }

    @Override
    public void close() {
        prepared.close();
    }
}
