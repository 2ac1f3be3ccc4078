package org.medrobust.datasets.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.medrobust.datasets.InvalidInputException;

/**
 * Resolves a manifest's image path inside the manifest's folder only. Refused, each with one line naming the row:
 * a path whose ".." steps leave the folder, an absolute path outside it, and a path that exists but, once symbolic
 * links are followed, lies outside it (the folder itself is taken with its links followed). So a shared manifest
 * cannot make medrobust read, and record the digest of, files it was not meant to see.
 */
public final class ContainedPath {

    private ContainedPath() {
    }

    /**
     * @param root the manifest's folder, as a real path (links followed)
     * @param raw  the path as written in the manifest; '\' counts as '/'
     * @param where "manifest.csv row 7" for errors
     */
    static Path resolve(Path root, String raw, String where) {
        return resolve(root, raw, where, "the manifest's folder", "image file", "image paths");
    }

    /**
     * The same rule for any file a text names relative to its own folder (e.g. a site profile named in a campaign
     * config), with the nouns of its messages: {@code folder} "the config's folder", {@code file} "site profile",
     * {@code paths} "profile paths".
     */
    public static Path resolve(Path root, String raw, String where, String folder, String file, String paths) {
        String text = raw.strip().replace('\\', '/');
        if (text.isEmpty()) {
            throw new InvalidInputException(where + ": the path is empty");
        }
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new InvalidInputException(where + ": '" + raw + "' is not a valid path (" + e.getReason() + ")");
        }
        Path resolved = (path.isAbsolute() ? path : root.resolve(path)).normalize();
        if (!resolved.startsWith(root)) {
            throw new InvalidInputException(where + ": path '" + raw + "' leads outside " + folder + " " + root + "; "
                    + paths + " must stay inside it");
        }
        if (!Files.isRegularFile(resolved)) {
            throw new InvalidInputException(where + ": " + file + " '" + raw + "' not found"
                    + (Files.isDirectory(resolved) ? " (it is a directory)" : "") + " in " + root);
        }
        try {
            if (!resolved.toRealPath().startsWith(root)) {
                throw new InvalidInputException(where + ": path '" + raw + "' is a symbolic link leading outside "
                        + folder + " " + root + "; " + paths + " must stay inside it");
            }
        } catch (IOException e) {
            throw new InvalidInputException(where + ": cannot resolve '" + raw + "' (" + e.getMessage() + ")", e);
        }
        return resolved;
    }
}
