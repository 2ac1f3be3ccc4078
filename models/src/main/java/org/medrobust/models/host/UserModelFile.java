package org.medrobust.models.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.medrobust.datasets.InvalidInputException;

/**
 * Checks shared by the hosts of user model files (ONNX, TorchScript): the file, its id, its class names, and
 * one-line messages. Engine-neutral; it sits here because the hosts share no other package.
 */
public final class UserModelFile {

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

    /** The file name without its last extension: the model's id in results. */
    public static String id(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
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
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
