/**
 * Trial schedulers: given each reported result, decide whether a trial continues or stops.
 * Plain Java, no Pekko types; only the experiment actor acts on a decision.
 */
package org.transferlab.orchestrator.schedule;
