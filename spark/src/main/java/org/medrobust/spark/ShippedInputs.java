package org.medrobust.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.training.ModelCard;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.config.ReferenceSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.inputs.CardFiles;

/**
 * The bytes of a campaign's input files, as the driver read them, for executors that do not share its disk: each
 * model or data source that is a path travels with what loading it reads (a model's sidecar, a card's weights, a
 * manifest's whole folder), and so does each threat's mitigation {@code reference} that names a file, each file with
 * its SHA-256, which the executor checks after writing its own copy. Built-in sources travel as names: they load from
 * the jar every executor has.
 */
record ShippedInputs(Map<String, Source> sources) implements Serializable {

    private static final String BUILTIN = "builtin:";
    private static final String SIDECAR = ".medrobust.yaml";

    /**
     * One source as shipped.
     *
     * @param entry the source as the executor loads it, relative to its copy's folder
     * @param files relative path (from the copy's folder) to bytes
     * @param sha256 relative path to the SHA-256 the driver computed
     */
    record Source(String entry, Map<String, byte[]> files, Map<String, String> sha256) implements Serializable {
    }

    static ShippedInputs of(CampaignConfig config) {
        Map<String, Source> sources = new LinkedHashMap<>();
        for (ModelSpec m : config.models()) {
            if (!m.source().startsWith(BUILTIN)) {
                sources.computeIfAbsent(m.source(), s -> modelFiles(Path.of(s)));
            }
        }
        for (DataSpec d : config.data()) {
            if (!d.source().startsWith(BUILTIN)) {
                sources.computeIfAbsent(d.source(), s -> dataFiles(Path.of(s)));
            }
        }
        for (ThreatSpec t : config.threats()) {
            if (t.reference() != null && !t.reference().source().startsWith(BUILTIN)) {
                sources.computeIfAbsent(t.reference().source(), s -> dataFiles(Path.of(s)));
            }
        }
        return new ShippedInputs(sources);
    }

    /** The config with every shipped source replaced by its copy under {@code dir}, written and SHA-checked. */
    CampaignConfig writeAndRemap(CampaignConfig config, Path dir) {
        Map<String, String> local = new LinkedHashMap<>();
        int i = 0;
        for (var e : sources.entrySet()) {
            Path copy = dir.resolve("input-" + i++);
            write(e.getKey(), e.getValue(), copy);
            local.put(e.getKey(), copy.resolve(e.getValue().entry()).toString());
        }
        return config
                .withModels(config.models().stream().map(m -> local.containsKey(m.source())
                        ? new ModelSpec(local.get(m.source()), m.id(), m.inputShape(), m.valueRange(), m.classes())
                        : m).toList())
                .withData(config.data().stream().map(d -> local.containsKey(d.source())
                        ? new DataSpec(local.get(d.source()), d.split(), d.limit(), d.classes(), d.label(), d.frame(),
                                d.threats(), d.sourceSite())
                        : d).toList())
                .withThreats(config.threats().stream().map(t -> remapReference(t, local)).toList());
    }

    private static ThreatSpec remapReference(ThreatSpec t, Map<String, String> local) {
        ReferenceSpec r = t.reference();
        if (r == null || !local.containsKey(r.source())) {
            return t;
        }
        return new ThreatSpec(t.id(), t.severities(), t.parameters(), t.trials(), t.limit(), t.profile(),
                t.mitigations(), new ReferenceSpec(local.get(r.source()), r.split(), r.limit(), r.site()),
                t.profileFile());
    }

    private static void write(String source, Source shipped, Path copy) {
        try {
            for (var f : shipped.files().entrySet()) {
                String sha = Sha256.of(f.getValue());
                if (!sha.equals(shipped.sha256().get(f.getKey()))) {
                    throw new IllegalStateException(source + ": " + f.getKey() + " arrived with SHA-256 " + sha
                            + ", the driver read " + shipped.sha256().get(f.getKey()));
                }
                Path target = copy.resolve(f.getKey()).normalize();
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(copy + ": cannot write the shipped copy of " + source, e);
        }
    }

    /** A model file, its sidecar if any, and a card's weights file. */
    private static Source modelFiles(Path model) {
        List<Path> files = new ArrayList<>(List.of(model));
        Path sidecar = model.resolveSibling(model.getFileName() + SIDECAR);
        if (Files.isRegularFile(sidecar)) {
            files.add(sidecar);
        }
        if (CardFiles.isCard(model.toString()) && Files.isRegularFile(model)) {
            files.add(model.resolveSibling(ModelCard.fromJson(read(model), model.toString()).weights().file()));
        }
        return source(model.getParent() == null ? Path.of(".") : model.getParent(), files,
                model.getFileName().toString());
    }

    /** A single data file; for a manifest (or a folder holding one), every file under its folder. */
    private static Source dataFiles(Path data) {
        boolean folder = Files.isDirectory(data);
        boolean manifest = data.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
        if (!folder && !manifest) {
            return source(data.getParent() == null ? Path.of(".") : data.getParent(), List.of(data),
                    data.getFileName().toString());
        }
        Path dir = folder ? data : data.toAbsolutePath().getParent();
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            String name = dir.toAbsolutePath().normalize().getFileName().toString();
            Path base = dir.toAbsolutePath().normalize().getParent();
            return source(base, files.stream().map(Path::toAbsolutePath).toList(),
                    name + (folder ? "" : "/" + data.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot read the data folder to ship it", e);
        }
    }

    private static Source source(Path base, List<Path> files, String entry) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        Map<String, String> sha = new LinkedHashMap<>();
        Path from = base.toAbsolutePath().normalize();
        for (Path f : files) {
            String rel = from.relativize(f.toAbsolutePath().normalize()).toString();
            try {
                byte[] content = Files.readAllBytes(f);
                bytes.put(rel, content);
                sha.put(rel, Sha256.of(content));
            } catch (IOException e) {
                throw new UncheckedIOException(f + ": cannot read it to ship it to the executors", e);
            }
        }
        return new Source(entry, bytes, sha);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read it", e);
        }
    }
}
