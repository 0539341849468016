/**
 * The worker node: finds the orchestrator through the Receptionist and owns this machine's slots.
 */
package org.transferlab.workers.node;
