package org.transferlab.protocol.view;

import java.util.List;
import org.transferlab.protocol.spec.FieldError;

/** The JSON body of every API error: a message a person can act on, and field errors if any. */
public record ApiError(int status, String error, String message, List<FieldError> fields) {}
