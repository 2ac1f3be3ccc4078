package org.medrobust.datasets;

/**
 * Bad input from the user: a malformed or truncated file, a wrong shape, an unsupported format, a bad option.
 * The message is one line that names the file (or option) and the problem; the CLI prints it as is and exits 2.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
