package org.medrobust.datasets.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why an I/O operation failed, in words a user can act on. NIO's exceptions often carry only the path as their
 * message ("cannot open journal: /x/journal.jsonl"), so the reason is taken from the exception's type.
 */
public final class IoErrors {

    private IoErrors() {
    }

    public static String why(IOException e) {
        String reason = switch (e) {
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "no such file or directory";
            case NotDirectoryException n -> "not a directory";
            case FileAlreadyExistsException f -> "already exists";
            case DirectoryNotEmptyException d -> "directory not empty";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        String other = e instanceof FileSystemException f ? f.getOtherFile() : null;
        return other == null ? reason : reason + " (" + other + ")";
    }
}
