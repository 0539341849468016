/**
 * Experiment specifications as written by a researcher (YAML or JSON), their codec and validation.
 * A spec is immutable; every field a user may leave out gets its default in {@link
 * org.transferlab.protocol.spec.ExperimentSpec#withDefaults()}.
 */
package org.transferlab.protocol.spec;
