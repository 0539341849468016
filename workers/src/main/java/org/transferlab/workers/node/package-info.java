/**
 * The worker node: finds the orchestrator through the Receptionist and owns this machine's slots;
 * {@link org.transferlab.workers.node.DeviceSlots} probes the machine's devices for how many there are.
 */
package org.transferlab.workers.node;
