package org.medrobust.models.scan.cuda;

/** A CUDA driver call returned an error, or the driver is missing. The message names the call. */
public final class CudaException extends RuntimeException {

    public CudaException(String message) {
        super(message);
    }

    public CudaException(String message, Throwable cause) {
        super(message, cause);
    }
}
