/**
 * One actor per experiment: runs its plan stage by stage, asks the searcher for trials, asks the
 * scheduler about every result, records everything in the store and the event log. The actor is a
 * thin adapter over {@code ExperimentRun}, the flow as plain Java, which uses plain pieces tested
 * without actors: {@code TrialBook} (trial states and attempts), {@code RetryPolicy},
 * {@code Budget} (pause and the wall-clock budget), {@code ResultBatcher}, {@code Restorer} and
 * {@code EventWording}. What it asks of the supervisor is its own protocol, {@code ToSupervisor}.
 */
package org.transferlab.orchestrator.experiment;
