/**
 * Search strategies: propose trial parameters and learn from finished trials. Plain Java with
 * seeded randomness and no Pekko types; they never stop a trial (that is the scheduler's job).
 *
 * <p>{@link org.transferlab.orchestrator.search.SearchStrategy} is the entry point;
 * {@code ConfigurationSearch} holds what grid, random and TPE share (repeats, pending and finished
 * trials, replay after a restart), {@code SearchSpace} the conditional space, and
 * {@code ParzenEstimator} TPE's densities.
 */
package org.transferlab.orchestrator.search;
