/**
 * Trial schedulers: given each reported result, decide whether a trial continues, stops, or
 * continues from a better trial's checkpoint, with a reason a user can read. FIFO, ASHA
 * ({@link org.transferlab.orchestrator.schedule.AshaScheduler}), the median stopping rule
 * ({@link org.transferlab.orchestrator.schedule.MedianStoppingRule}) and population-based training
 * ({@link org.transferlab.orchestrator.schedule.PopulationBasedTraining}). Plain Java, no Pekko
 * types; only the experiment actor acts on a decision.
 */
package org.transferlab.orchestrator.schedule;
