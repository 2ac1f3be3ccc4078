package org.medrobust.perturbations.site;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.manifest.ContainedPath;
import org.medrobust.datasets.util.Sha256;

/**
 * A site-profile YAML named by a campaign config (e.g. what {@code medrobust site fit} printed), read once: the bytes
 * that are hashed are the bytes that are parsed, so the recorded SHA-256 is of exactly the profiles applied.
 *
 * @param source   the path as the config wrote it (recorded in results: a location-independent name)
 * @param sha256   SHA-256 of the file's bytes
 * @param profiles every profile of the file, in file order
 */
public record SiteProfileFile(String source, String sha256, List<SiteProfile> profiles) {

    private static final long MAX_BYTES = 1024 * 1024;

    public SiteProfileFile {
        profiles = List.copyOf(profiles);
    }

    /**
     * Reads {@code raw} relative to {@code folder} (the config's folder, links followed). Refused in one line naming
     * {@code where}: a path leading outside the folder (".." steps, an absolute path elsewhere, a symbolic link out),
     * a missing file or a directory, a file over 1 MiB, bytes that are not UTF-8, and anything
     * {@link SiteProfiles#load} refuses (unknown keys, out-of-range values, no profiles).
     */
    public static SiteProfileFile load(Path folder, String raw, String where) {
        Path root;
        try {
            root = folder.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(where + ": cannot resolve the folder " + folder + " (" + e.getMessage() + ")");
        }
        Path file = ContainedPath.resolve(root, raw, where, "the config's folder", "site profile", "profile paths");
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(where + ": site profile '" + raw + "' is larger than " + MAX_BYTES
                        + " bytes; a profile file is a few lines of YAML");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(where + ": cannot read site profile '" + raw + "' (" + e.getMessage() + ")", e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(where + ": site profile '" + raw + "' is not UTF-8 text");
        }
        List<SiteProfile> profiles;
        try {
            profiles = SiteProfiles.parse(raw, text);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
        return new SiteProfileFile(raw, Sha256.of(bytes), profiles);
    }

    /** The profile a threat id {@code site_<name>} names, or a one-line error listing the file's threat ids. */
    public SiteProfile forThreat(String threatId, String where) {
        return profiles.stream().filter(p -> ("site_" + p.name()).equals(threatId)).findFirst()
                .orElseThrow(() -> new InvalidInputException(where + ": threat id '" + threatId + "' names no profile"
                        + " of " + source + "; its profiles give the threat ids "
                        + profiles.stream().map(p -> "site_" + p.name()).toList()));
    }
}
