package org.medrobust.suite.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Oracle: the entries themselves. The same medrobust classes packaged as {@code ./medrobust} packages them (one jar
 * per module) and as the spark-submit assembly does (one jar, other order and compression, another manifest, plus
 * third-party classes, merged service files and the Spark engine) have one fingerprint; one changed byte, one renamed
 * class or one class missing changes it.
 */
class SoftwareFingerprintTest {

    private static final Map<String, String> SUITE = Map.of("org/medrobust/suite/Run.class", "run-v1",
            "org/medrobust/suite/cli/Cli.class", "cli");
    private static final Map<String, String> MODELS = Map.of("org/medrobust/models/Net.class", "net",
            "org/medrobust/models/builtin/phantom.card.json", "{}");

    @TempDir
    Path tmp;

    @Test
    void launcherJarsAndAssemblyOfOneBuildHaveOneFingerprint() throws IOException {
        String launcher = SoftwareFingerprint.of(List.of(
                jar("medrobust.jar", SUITE, "lib/medrobust-models.jar", Deflater.DEFAULT_COMPRESSION),
                jar("lib/medrobust-models.jar", MODELS, null, Deflater.DEFAULT_COMPRESSION)));

        Map<String, String> assembly = new LinkedHashMap<>();
        assembly.put("ai/djl/engine/Engine.class", "third party");
        assembly.put("META-INF/services/org.medrobust.suite.run.CampaignEngine", "org.medrobust.spark.SparkEngine");
        assembly.put("org/medrobust/spark/SparkEngine.class", "engine");
        assembly.putAll(MODELS);
        assembly.putAll(SUITE);
        assertThat(SoftwareFingerprint.of(List.of(jar("assembly.jar", assembly, null, Deflater.BEST_COMPRESSION))))
                .isEqualTo(launcher).hasSize(64);

        Map<String, String> changed = new LinkedHashMap<>(assembly);
        changed.put("org/medrobust/suite/Run.class", "run-v2");
        assertThat(SoftwareFingerprint.of(List.of(jar("changed.jar", changed, null, 1)))).isNotEqualTo(launcher);

        Map<String, String> renamed = new LinkedHashMap<>(assembly);
        renamed.put("org/medrobust/suite/Run2.class", renamed.remove("org/medrobust/suite/Run.class"));
        assertThat(SoftwareFingerprint.of(List.of(jar("renamed.jar", renamed, null, 1)))).isNotEqualTo(launcher);

        Map<String, String> missing = new LinkedHashMap<>(assembly);
        missing.remove("org/medrobust/models/builtin/phantom.card.json");
        assertThat(SoftwareFingerprint.of(List.of(jar("missing.jar", missing, null, 1)))).isNotEqualTo(launcher);
    }

    @Test
    void theFirstJarWinsForANameTwiceAsOnAClassPath() throws IOException {
        Path first = jar("a.jar", SUITE, null, 1);
        Path second = jar("b.jar", Map.of("org/medrobust/suite/Run.class", "shadowed"), null, 1);
        assertThat(SoftwareFingerprint.of(List.of(first, second))).isEqualTo(SoftwareFingerprint.of(List.of(first)));
    }

    @Test
    void classFoldersGiveTheBareVersion() {
        // the tests run from target/classes: nothing to hash, the version alone (as before)
        assertThat(SoftwareFingerprint.ofRunningCode("development")).isEqualTo("development");
    }

    private Path jar(String name, Map<String, String> entries, String classPath, int level) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, name);
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        Path path = tmp.resolve(name);
        Files.createDirectories(path.getParent());
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.setLevel(level);
            for (Map.Entry<String, String> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return path;
    }
}
