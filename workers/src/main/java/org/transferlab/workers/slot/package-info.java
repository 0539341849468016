/**
 * One slot: a place where one unit of work runs at a time. The {@link
 * org.transferlab.workers.slot.Slot} actor pulls work, runs it on the training dispatcher and
 * streams its progress to the orchestrator.
 */
package org.transferlab.workers.slot;
