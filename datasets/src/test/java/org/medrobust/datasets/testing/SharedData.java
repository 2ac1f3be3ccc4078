package org.medrobust.datasets.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the read-only real data (/work/shared): the system property medrobust.shared.dir (set by surefire),
 * else a "shared" directory beside the repository root. Tests that need it are skipped, with the reason shown,
 * when it is absent.
 */
public final class SharedData {

    private SharedData() {
    }

    /** {@code relative} inside the shared directory; skips the calling test if it does not exist. */
    public static Path require(String relative) {
        Path dir = locate();
        assumeTrue(dir != null, "shared data directory not found (set -Dmedrobust.shared.dir or place it at ../shared"
                + " beside the repository root); skipping test that needs " + relative);
        Path file = dir.resolve(relative);
        assumeTrue(Files.exists(file), "shared data file " + file + " is missing; skipping test");
        return file;
    }

    private static Path locate() {
        String property = System.getProperty("medrobust.shared.dir");
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property).normalize();
        }
        // Walk up from the working directory (the module when run by surefire) looking for ../shared.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (dir.getParent() != null && Files.isDirectory(candidate.resolve("data"))) {
                return candidate.normalize();
            }
        }
        return null;
    }
}
