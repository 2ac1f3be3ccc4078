package org.medrobust.suite.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.suite.bench.MachineInfo;
import org.medrobust.suite.run.Journal;
import org.medrobust.suite.run.ScenarioRecord;

/**
 * What varies between two runs of the same campaign (machine, times, durations): kept out of report.json, in
 * environment.json, so report.json compares byte for byte.
 */
public final class RunEnvironment {

    private RunEnvironment() {
    }

    /**
     * @param records  every scenario, with its seconds summed over all sessions (a resumed scenario keeps the time
     *                 its earlier sessions spent)
     * @param sessions every run of the campaign in this directory, this one last
     */
    public static Map<String, Object> describe(Instant started, Instant finished, List<ScenarioRecord> records,
            List<Journal.Session> sessions) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("medrobustVersion", version());
        env.put("software", software());
        env.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("processors", Runtime.getRuntime().availableProcessors());
        env.put("cpu", MachineInfo.cpuModel());
        env.put("device", DjlDevices.description()); // where DJL-hosted models ran (ONNX models: always the CPU)
        env.put("libraries", libraries());
        env.put("started", started.toString());
        env.put("finished", finished.toString());
        env.put("wallSeconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        env.put("sessions", sessions);
        Map<String, Double> seconds = new LinkedHashMap<>();
        records.forEach(r -> seconds.put(r.scenario().id(), r.seconds()));
        env.put("scenarioSeconds", seconds);
        return env;
    }

    /** Versions of the inference libraries that computed the results (the dossier's environment section). */
    static Map<String, String> libraries() {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("DJL", ai.djl.engine.Engine.getDjlVersion());
        String ort = ai.onnxruntime.OrtEnvironment.class.getPackage().getImplementationVersion();
        libraries.put("ONNX Runtime", ort == null ? "unknown" : ort);
        return libraries;
    }

    public static String version() {
        String version = RunEnvironment.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /**
     * The version and a fingerprint of the code that computes results: the first 12 hex digits of the SHA-256 of
     * medrobust's own classes and resources, however they are packaged ({@link SoftwareFingerprint}: the
     * {@code ./medrobust} jars and the spark-submit assembly of one build agree; the build is reproducible, so the same
     * sources give the same classes). "development" when run from class folders (tests, IDEs). A journal is only
     * resumed by the same software.
     */
    public static String software() {
        return Software.FINGERPRINT;
    }

    /** Hashed on first use only (tens of MB of jars): `list`, `--help` and `--version` never pay for it. */
    private static final class Software {
        static final String FINGERPRINT = SoftwareFingerprint.ofRunningCode(version());
    }
}
