package org.medrobust.models.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.user.UserModelFormat;

/**
 * Checks shared by the hosts of user model files (ONNX, TorchScript): the file, its id, its class names, and
 * one-line messages. Engine-neutral; it sits here because the hosts share no other package.
 */
public final class UserModelFile {

    /** An error line is for people: longer details belong to --debug. */
    private static final int MAX_LINE = 400;

    private UserModelFile() {
    }

    /** Fails with a one-line message unless {@code file} is a readable regular file. */
    private static void requireFile(Path file) {
        if (!Files.exists(file)) {
            throw new InvalidInputException(file + ": no such model file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidInputException(file + ": not a readable file");
        }
    }

    public static byte[] read(Path file) {
        requireFile(file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read the model file: " + oneLine(e), e);
        }
    }

    /** The file name without its model-format extensions (see {@link UserModelFormat#baseName}): its id in results. */
    public static String id(Path file) {
        return UserModelFormat.of(file).map(format -> format.baseName(file)).orElseGet(() -> {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        });
    }

    /** The given names, which must number {@code classes}, or class_0 ... class_K-1. */
    public static List<String> classNames(Path file, int classes, List<String> given) {
        if (given == null) {
            return IntStream.range(0, classes).mapToObj(k -> "class_" + k).toList();
        }
        if (given.size() != classes) {
            throw new InvalidInputException(file + ": the model gives " + classes + " logits but " + given.size()
                    + " class names were given " + given);
        }
        return List.copyOf(given);
    }

    /** An exception's message on one line, for messages that wrap an engine's multi-line error. */
    public static String oneLine(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        List<String> lines = message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        // A TorchScript error carries the interpreter's traceback; its last "...Error: " line is what went wrong.
        if (lines.stream().anyMatch(l -> l.startsWith("Traceback"))) {
            lines = lines.reversed().stream().filter(l -> l.matches("^[A-Za-z.]*(Error|Exception): .*")).limit(1)
                    .toList();
        }
        String line = String.join(" ", lines.isEmpty() ? List.of(message.strip()) : lines);
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE - 3) + "...";
    }
}
