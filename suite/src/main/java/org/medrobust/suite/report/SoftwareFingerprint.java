package org.medrobust.suite.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.medrobust.datasets.util.Sha256;

/**
 * The identity of medrobust's own code, whatever it is packaged in: the SHA-256 over every class and resource under
 * {@code org/medrobust/} (name and content, sorted by name), wherever it sits. {@code ./medrobust} runs
 * suite/target/medrobust.jar with one jar per module in lib/; {@code spark-submit} runs one assembly jar that also
 * holds the third-party libraries, a merged manifest and merged service files. Hashing the jar files gave the two
 * launch paths different fingerprints for the same build, so a campaign started through one could not be resumed
 * through the other; the entries themselves are the same bytes (the assembly copies them unchanged), so this
 * fingerprint is the same.
 *
 * <p>Not hashed: {@code org/medrobust/spark/}, the scale-out engine, which computes no result of its own (its tasks
 * run the suite's {@code BatchUnit}) and whose jar the single-JVM launcher does not load: a campaign may be resumed
 * with either engine, and both write the same report (SparkEngineTest). Third-party libraries are not hashed either
 * (environment.json names their versions), as before.
 */
public final class SoftwareFingerprint {

    static final String OWN = "org/medrobust/";
    static final String ENGINE = "org/medrobust/spark/";

    private SoftwareFingerprint() {
    }

    /**
     * {@code version+}the first 12 hex digits of the code's SHA-256, for the jars this class was loaded from; the bare
     * version when run from class folders (tests, IDEs), {@code version+unknown} when a jar cannot be read.
     */
    static String ofRunningCode(String version) {
        List<Path> jars = ownJars();
        if (jars.isEmpty()) {
            return version;
        }
        try {
            return version + "+" + of(jars).substring(0, 12);
        } catch (IOException e) {
            return version + "+unknown";
        }
    }

    /**
     * SHA-256 (hex) of the medrobust entries of {@code jars}: for each entry name under {@code org/medrobust/} (not
     * the engine's), sorted, the name and the SHA-256 of its bytes. Where two jars hold the same name, the first
     * counts, as on a class path.
     */
    static String of(List<Path> jars) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Enumeration<JarEntry> all = file.entries();
                while (all.hasMoreElements()) {
                    JarEntry entry = all.nextElement();
                    String name = entry.getName();
                    if (!entry.isDirectory() && name.startsWith(OWN) && !name.startsWith(ENGINE)
                            && !entries.containsKey(name)) {
                        try (InputStream in = file.getInputStream(entry)) {
                            entries.put(name, Sha256.of(in));
                        }
                    }
                }
            }
        }
        StringBuilder listing = new StringBuilder();
        entries.forEach((name, hash) -> listing.append(name).append('\0').append(hash).append('\n'));
        return Sha256.of(listing.toString());
    }

    /**
     * The jar this class came from (medrobust.jar, or the assembly) and the medrobust-*.jar beside it in lib/,
     * sorted; empty when not run from a jar.
     */
    private static List<Path> ownJars() {
        try {
            Path self = Path.of(SoftwareFingerprint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
