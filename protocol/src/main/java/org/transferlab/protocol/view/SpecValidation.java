package org.transferlab.protocol.view;

import java.util.List;
import org.transferlab.protocol.spec.FieldError;

/** Reply of {@code POST /api/specs/validate}: whether the spec would be accepted, why not, and its size. */
public record SpecValidation(boolean valid, List<FieldError> errors, Integer plannedTrials) {}
