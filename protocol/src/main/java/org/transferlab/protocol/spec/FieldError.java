package org.transferlab.protocol.spec;

/** One problem in a spec: the dotted path of the offending field and what is wrong with it. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
