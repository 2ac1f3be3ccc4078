package org.medrobust.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.plan.Scenario;
import org.medrobust.suite.report.RunEnvironment;
import org.medrobust.suite.run.BatchUnit;
import org.medrobust.suite.run.CampaignEngine;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The driver's side of a Spark run, in two jobs: the clean passes first (every threat scenario compares with its
 * model's clean predictions), then every threat unit with those predictions broadcast. Units already in the journal
 * are not resubmitted (resume). Each finished task's result reaches the driver through the job's result handler and
 * is journaled on this thread right away, so the journal holds everything finished whatever happens next. Results
 * that arrived while the driver was journaling earlier ones are journaled together, with one write and one fsync
 * (group commit, at most {@link #GROUP_OPTION} units): a driver that keeps up commits each unit alone, one that falls
 * behind commits bigger groups instead of queueing fsyncs. A driver killed mid-group loses only that group's units,
 * which the rerun recomputes.
 */
final class UnitJobs {

    /** Spark option: the most units journaled with one fsync (1: each unit alone, as before group commit). */
    static final String GROUP_OPTION = "spark.medrobust.journalGroup";
    static final int DEFAULT_GROUP = 64;

    private static final TypeReference<List<SampleOutcome>> OUTCOMES = new TypeReference<>() {
    };

    private final JavaSparkContext spark;
    private final CampaignEngine.Job job;
    private final Map<String, LoadedData> data = new HashMap<>();
    private final Map<String, Scenario> scenarios = new HashMap<>();
    private final List<UnitResult> finished = new ArrayList<>();

    UnitJobs(JavaSparkContext spark, CampaignEngine.Job job) {
        this.spark = spark;
        this.job = job;
        job.data().forEach(d -> data.put(d.key(), d));
        job.plan().forEach(s -> scenarios.put(s.id(), s));
    }

    private double jobSeconds;
    private long driverNanos;
    private long driverCpuNanos;
    private long groups;
    private long firstSubmit;
    private final List<Double> arrivals = new ArrayList<>();

    /** What this run measured; {@code startSeconds} is the context's start, which the engine timed. */
    RunStats stats(double startSeconds) {
        List<RunStats.Unit> units = new ArrayList<>(finished.size());
        for (int i = 0; i < finished.size(); i++) {
            UnitResult r = finished.get(i);
            units.add(new RunStats.Unit(r.scenario(), r.batch(), r.executor(), r.seconds(), arrivals.get(i)));
        }
        return new RunStats(startSeconds, jobSeconds, driverNanos / 1e9, driverCpuNanos / 1e9, groups, units);
    }

    void run() {
        var config = job.config();
        CampaignPayload payload = new CampaignPayload(CampaignPayload.json(config), ShippedInputs.of(config),
                ExecutorCampaign.fingerprints(job.models(), job.data(), job.identity()),
                job.plan().stream().map(Scenario::id).toList(), RunEnvironment.version());
        Broadcast<CampaignPayload> shared = spark.broadcast(payload);
        job.progress().note(SparkEngine.describe(spark.getConf()));
        BatchUnit.Count units = BatchUnit.count(job.plan(), s -> data.get(s.dataKey()).size(), batchSize(),
                job.journal());
        job.progress().start(units.total(), units.journaled());
        submit(shared, spark.broadcast(Map.of()), pending(UnitJobs::isClean, Map.of()));
        Map<String, int[]> clean = cleanPredictions();
        submit(shared, spark.broadcast(clean), pending(s -> !isClean(s), clean));
    }

    private static boolean isClean(Scenario s) {
        return s.threat().family() == ThreatFamily.CLEAN;
    }

    private static String cleanKey(Scenario s) {
        return s.modelId() + "@" + s.dataKey();
    }

    /** The units of matching scenarios not yet journaled; a threat scenario only once its clean pass completed. */
    private List<WorkUnit> pending(Predicate<Scenario> which, Map<String, int[]> clean) {
        List<WorkUnit> units = new ArrayList<>();
        for (Scenario s : job.plan()) {
            boolean baseline = isClean(s) || clean.containsKey(cleanKey(s));
            if (!s.runnable() || !which.test(s) || !baseline || job.journal().failure(s.id()).isPresent()) {
                continue;
            }
            for (int b = 0; b < BatchUnit.batches(s, data.get(s.dataKey()).size(), batchSize()); b++) {
                if (job.journal().batch(s.id(), b).isEmpty()) {
                    units.add(new WorkUnit(s.id(), b, isClean(s) ? null : cleanKey(s)));
                }
            }
        }
        return units;
    }

    /** Clean predictions per model@data, from the journal, for every clean pass that completed. */
    private Map<String, int[]> cleanPredictions() {
        Map<String, int[]> clean = new HashMap<>();
        for (Scenario s : job.plan()) {
            if (!isClean(s) || !s.runnable() || job.journal().failure(s.id()).isPresent()) {
                continue;
            }
            List<SampleOutcome> all = new ArrayList<>();
            int batches = BatchUnit.batches(s, data.get(s.dataKey()).size(), batchSize());
            for (int b = 0; b < batches; b++) {
                job.journal().batch(s.id(), b).ifPresent(all::addAll);
            }
            if (all.size() == s.samples(data.get(s.dataKey()).size())) {
                clean.put(cleanKey(s), all.stream().mapToInt(SampleOutcome::prediction).toArray());
            }
        }
        return clean;
    }

    private int batchSize() {
        return job.config().batchSize();
    }

    /** Runs the units as one job, one task each, journaling every result as it arrives. */
    private void submit(Broadcast<CampaignPayload> payload, Broadcast<Map<String, int[]>> clean,
            List<WorkUnit> units) {
        if (units.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        firstSubmit = firstSubmit == 0 ? start : firstSubmit;
        BlockingQueue<UnitResult> arrived = new LinkedBlockingQueue<>();
        var rdd = spark.parallelize(units, units.size()).rdd();
        var partitions = CollectionConverters.asScala(IntStream.range(0, units.size()).boxed().toList()).toSeq();
        @SuppressWarnings("unchecked")
        SimpleFutureAction<BoxedUnit> future = spark.sc().submitJob(rdd,
                new UnitTask(payload, clean, job.config().seed(), batchSize()),
                (scala.collection.immutable.Seq<Object>) (scala.collection.immutable.Seq<?>) partitions,
                new AbstractFunction2<Object, UnitResult, BoxedUnit>() {
                    @Override
                    public BoxedUnit apply(Object partition, UnitResult result) {
                        arrived.add(result); // on Spark's scheduler thread: hand over, journal on ours
                        return BoxedUnit.UNIT;
                    }
                },
                new AbstractFunction0<BoxedUnit>() {
                    @Override
                    public BoxedUnit apply() {
                        return BoxedUnit.UNIT;
                    }
                });
        int maxGroup = Math.max(1, spark.getConf().getInt(GROUP_OPTION, DEFAULT_GROUP));
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        int received = 0;
        while (received < units.size()) {
            UnitResult result = poll(arrived);
            if (result != null) {
                List<UnitResult> group = new ArrayList<>(List.of(result));
                arrived.drainTo(group, maxGroup - 1); // whatever else came in meanwhile: one fsync for all
                long journaling = System.nanoTime();
                long cpuBefore = cpu.getCurrentThreadCpuTime();
                job.journal().group(() -> group.forEach(this::journal));
                driverCpuNanos += cpu.getCurrentThreadCpuTime() - cpuBefore;
                driverNanos += System.nanoTime() - journaling;
                received += group.size();
                groups++;
            } else if (future.isCompleted() && arrived.isEmpty()) {
                throw new IllegalStateException("the Spark job stopped after " + received + " of " + units.size()
                        + " units (rerun the same command to resume): " + failure(future));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        jobSeconds += seconds;
        job.progress().note(String.format(Locale.ROOT, "spark: %d units in %.1f s", units.size(), seconds));
    }

    private void journal(UnitResult r) {
        finished.add(r);
        arrivals.add((System.nanoTime() - firstSubmit) / 1e9);
        if (job.journal().failure(r.scenario()).isPresent()) {
            return; // another batch of this scenario already failed it, as a single-JVM run would have stopped there
        }
        if (r.failure() != null) {
            job.journal().appendFailure(r.scenario(), r.seconds(), r.failure());
            return;
        }
        try {
            job.journal().appendBatch(r.scenario(), r.batch(), r.seconds(),
                    ResultJson.compact().readValue(r.outcomesJson(), OUTCOMES));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unit " + r.scenario() + "#" + r.batch() + " came back unreadable", e);
        }
        job.progress().batchDone(scenarios.get(r.scenario()).label());
    }

    private static UnitResult poll(BlockingQueue<UnitResult> queue) {
        try {
            return queue.poll(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Spark", e);
        }
    }

    private static String failure(SimpleFutureAction<BoxedUnit> future) {
        try {
            future.get();
            return "no reason given";
        } catch (Exception e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse("");
        }
    }
}
