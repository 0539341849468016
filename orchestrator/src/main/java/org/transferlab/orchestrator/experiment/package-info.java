/**
 * One actor per experiment: runs its plan stage by stage, asks the searcher for trials, asks the
 * scheduler about every result, records everything in the store and the event log.
 */
package org.transferlab.orchestrator.experiment;
