package org.transferlab.protocol.spec;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a spec cannot be parsed or breaks a rule; carries every problem found, by field. */
public final class InvalidSpecException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidSpecException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
