package org.transferlab.client;

import java.util.Optional;
import org.transferlab.protocol.view.ApiError;

/**
 * The API answered with an error, or could not be reached. The message is the API's own message
 * (a sentence a person can act on); {@link #error()} keeps the field errors of a rejected spec.
 */
public class LabApiException extends RuntimeException {

    private final int status;
    private final transient ApiError error;

    public LabApiException(int status, ApiError error, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
    }

    /** HTTP status, or 0 when the API could not be reached. */
    public int status() {
        return status;
    }

    /** The API's error body, when it sent one. */
    public Optional<ApiError> error() {
        return Optional.ofNullable(error);
    }
}
