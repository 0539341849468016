package org.transferlab.orchestrator.store;

/** A store operation failed; the message says what to do about it (never a raw stack trace). */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
