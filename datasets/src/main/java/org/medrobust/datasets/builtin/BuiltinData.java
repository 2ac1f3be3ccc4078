package org.medrobust.datasets.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.medmnist.MedMnistLoader;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;

/**
 * The data sets that ship inside medrobust, by name ({@code builtin:<name>}), so the default campaign needs no files:
 * <ul>
 *   <li>{@code pneumoniamnist}: the official PneumoniaMNIST test split (624 pediatric chest X-rays, 28x28, 234 normal,
 *       390 pneumonia), MedMNIST v2 (Yang et al. 2023) from Kermany et al. 2018, CC BY 4.0 (see NOTICE);</li>
 *   <li>{@code phantom}: procedural phantoms with and without a lesion, generated from fixed parameters.</li>
 * </ul>
 */
public final class BuiltinData {

    private static final Map<String, Supplier<DataSource>> SETS = new LinkedHashMap<>();

    static {
        SETS.put("pneumoniamnist", () -> fromResource("pneumoniamnist"));
        SETS.put("phantom", () -> PhantomData.generate(PhantomSpec.DEFAULT));
    }

    private BuiltinData() {
    }

    public static List<String> names() {
        return List.copyOf(SETS.keySet());
    }

    /** What kind of data the set is, as results record it ("npz" for shipped files, "phantom" for generated). */
    public static String kind(String name) {
        return name.equals("phantom") ? "phantom" : "npz";
    }

    public static DataSource load(String name) {
        Supplier<DataSource> set = SETS.get(name);
        if (set == null) {
            throw new InvalidInputException("unknown built-in data set '" + name + "': known are " + names());
        }
        return set.get();
    }

    /**
     * A shipped .npz, read through the ordinary MedMNIST loader (the same checks and SHA-256 as a user's file) from a
     * temporary copy: the zip reader needs a file, and the resource may sit inside a jar.
     */
    private static DataSource fromResource(String name) {
        String resource = name + ".npz";
        try (InputStream in = BuiltinData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in data set missing from the jar: " + resource);
            }
            Path dir = Files.createTempDirectory("medrobust-builtin");
            Path file = dir.resolve(resource);
            try {
                Files.copy(in, file);
                return MedMnistLoader.load(file);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in data set " + name + ": " + e.getMessage(), e);
        }
    }
}
