package org.medrobust.suite.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.IoErrors;

/**
 * The --out directory: a new or empty one, or one that holds this campaign's journal. Anything else is someone
 * else's files and is refused, never overwritten. A directory this run created is removed again when the run cannot
 * start in it, so a failed start leaves nothing behind.
 */
public final class ResultsDirectory {

    private ResultsDirectory() {
    }

    /** Checks or creates {@code dir}, then opens the journal there with {@code opener}. */
    public static Journal open(Path dir, Function<Path, Journal> opener) {
        boolean created = prepare(dir);
        try {
            return opener.apply(dir);
        } catch (RuntimeException e) {
            if (created) {
                removeCreated(dir);
            }
            throw e;
        }
    }

    /** @return whether the directory was created by this call */
    private static boolean prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": --out must be a directory, this is a file");
        }
        if (Files.isDirectory(dir)) {
            if (!Files.exists(dir.resolve(Journal.FILE_NAME)) && !isEmpty(dir)) {
                throw new InvalidInputException(dir + ": --out is not empty and holds no medrobust journal; refusing to "
                        + "write results among other files: choose a new or empty directory");
            }
            if (!Files.isWritable(dir)) {
                throw new InvalidInputException(dir + ": cannot write results there: permission denied");
            }
            return false;
        }
        try {
            Files.createDirectories(dir);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the output directory: " + IoErrors.why(e), e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot read the output directory: " + IoErrors.why(e), e);
        }
    }

    /** Only what a failed start can have left: an empty journal and the directory itself. */
    private static void removeCreated(Path dir) {
        try {
            Path journal = dir.resolve(Journal.FILE_NAME);
            if (Files.exists(journal) && Files.size(journal) == 0) {
                Files.delete(journal);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // the start already failed; that error is the one to report
        }
    }
}
