/**
 * The orchestrator: plans experiments and schedules their work on worker slots; it never trains.
 * {@link org.transferlab.orchestrator.Orchestrator} wires the store, the supervisor and the HTTP API.
 */
package org.transferlab.orchestrator;
