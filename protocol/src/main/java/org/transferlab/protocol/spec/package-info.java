/**
 * Experiment specifications as written by a researcher (YAML or JSON), their codec and validation.
 * A spec is immutable; every field a user may leave out gets its default in {@link
 * org.transferlab.protocol.spec.ExperimentSpec#withDefaults()}. Text is read strictly ({@code
 * SpecSource}); {@code SpecValidator} checks the rules and, within {@link
 * org.transferlab.protocol.spec.SpecLimits}, what a spec may cost ({@link
 * org.transferlab.protocol.spec.ModelCost} for networks), by arithmetic alone.
 */
package org.transferlab.protocol.spec;
