package org.medrobust.suite.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
     * medrobust's own jars (the build is reproducible, so the same sources give the same jars). "development" when
     * run from class folders (tests, IDEs). A journal is only resumed by the same software.
     */
    public static String software() {
        return Software.FINGERPRINT;
    }

    /** Hashed on first use only (tens of MB of jars): `list`, `--help` and `--version` never pay for it. */
    private static final class Software {
        static final String FINGERPRINT = fingerprint();
    }

    private static String fingerprint() {
        List<Path> jars = ownJars();
        if (jars.isEmpty()) {
            return version();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path jar : jars) {
                sha.update(jar.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = new DigestInputStream(Files.newInputStream(jar), sha)) {
                    while (in.read(buffer) >= 0) {
                        // the digest stream hashes as it reads
                    }
                }
            }
            return version() + "+" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException | NoSuchAlgorithmException e) {
            return version() + "+unknown";
        }
    }

    /** medrobust.jar and the medrobust-*.jar beside it in lib/, sorted; empty when not run from jars. */
    private static List<Path> ownJars() {
        try {
            Path self = Path.of(RunEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(self)) {
                return List.of();
            }
            List<Path> jars = new ArrayList<>(List.of(self));
            Path lib = self.resolveSibling("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> files = Files.list(lib)) {
                    files.filter(f -> f.getFileName().toString().startsWith("medrobust-")).sorted().forEach(jars::add);
                }
            }
            return jars;
        } catch (IOException | URISyntaxException | SecurityException | NullPointerException e) {
            return List.of();
        }
    }
}
