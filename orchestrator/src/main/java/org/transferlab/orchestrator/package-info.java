/**
 * The orchestrator: plans experiments and schedules their work on worker slots; it never trains.
 * {@link org.transferlab.orchestrator.Orchestrator} opens the store and the HTTP API; its
 * {@link org.transferlab.orchestrator.Guardian} starts the supervisor.
 */
package org.transferlab.orchestrator;
