/**
 * Trial schedulers: given each reported result, decide whether a trial continues or stops, with a
 * reason a user can read. FIFO, ASHA ({@link org.transferlab.orchestrator.schedule.AshaScheduler})
 * and the median stopping rule ({@link org.transferlab.orchestrator.schedule.MedianStoppingRule}).
 * Plain Java, no Pekko types; only the experiment actor acts on a decision.
 */
package org.transferlab.orchestrator.schedule;
