package org.medrobust.spark;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.medrobust.suite.report.RunEnvironment;
import org.medrobust.suite.run.CampaignEngine;

/**
 * {@code medrobust run --engine spark --master URL}: the campaign's (scenario, batch) units as Spark tasks. The driver
 * (this JVM) broadcasts the config and the input files' bytes once, each executor loads the models once per task
 * slot and checks their SHA-256 against the driver's, and the driver journals every unit the moment its task ends
 * ({@link UnitJobs}); the single-JVM runner then reads the journal back in plan order, so report.json is the very
 * bytes a single-JVM run writes, a driver crash resumes from the journal, and a lost executor costs only its
 * unjournaled tasks, which Spark reruns elsewhere.
 *
 * <p>Options: {@code master} (else {@code spark.master} as spark-submit sets it, else {@code local[*]}), and any
 * {@code spark.*} key, passed to the {@link SparkConf} as is.
 */
public final class SparkEngine implements CampaignEngine {

    public static final String NAME = "spark";

    /**
     * The JDK module opens Spark needs on Java 17+ (its launcher's JavaModuleOptions), one per line in a resource that
     * the {@code ./medrobust} launcher also passes to the driver JVM as an @-file; executors get them from here.
     */
    public static final String SPARK_JAVA_OPTIONS = sparkJavaOptions();

    /** What medrobust itself needs in an executor: DJL offline, one libtorch thread per task, the Vector API. */
    static final String MEDROBUST_JAVA_OPTIONS = "-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 "
            + "-Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "
            + "--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector";

    private volatile RunStats lastRun;

    /** What the last {@link #compute} of this engine measured, or null before one. */
    public RunStats lastRun() {
        return lastRun;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void compute(Job job) {
        SparkConf conf = conf(job.options(), job.config().name());
        boolean local = conf.get("spark.master").startsWith("local");
        long start = System.nanoTime();
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel("WARN");
            double startSeconds = (System.nanoTime() - start) / 1e9;
            UnitJobs jobs = new UnitJobs(spark, job);
            try {
                jobs.run();
            } finally {
                lastRun = jobs.stats(startSeconds);
            }
        } finally {
            if (local) {
                ExecutorCampaign.closeAll(); // local mode: the executors' models live in this JVM
            }
        }
    }

    private static String sparkJavaOptions() {
        try (var in = SparkEngine.class.getResourceAsStream("spark-java-options")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip()
                    .replaceAll("\\s+", " ");
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the spark-java-options resource is missing from medrobust-spark.jar", e);
        }
    }

    static SparkConf conf(Map<String, String> options, String campaignName) {
        SparkConf conf = new SparkConf(true); // loads spark.* system properties (spark-submit passes them so)
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.app.name", "medrobust " + campaignName);
        settings.put("spark.ui.enabled", "false");
        settings.put("spark.ui.showConsoleProgress", "false");
        options.forEach((k, v) -> {
            if (k.startsWith("spark.")) {
                settings.put(k, v);
            }
        });
        settings.forEach(conf::set);
        conf.set("spark.master", options.getOrDefault("master", conf.get("spark.master", "local[*]")));
        conf.set("spark.executor.extraJavaOptions", (SPARK_JAVA_OPTIONS + " " + MEDROBUST_JAVA_OPTIONS + " "
                + conf.get("spark.executor.extraJavaOptions", "")).trim());
        return conf;
    }

    static String describe(SparkConf conf) {
        return String.format(Locale.ROOT, "spark %s on %s (medrobust %s)", org.apache.spark.package$.MODULE$
                .SPARK_VERSION(), conf.get("spark.master"), RunEnvironment.version());
    }
}
