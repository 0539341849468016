/**
 * Units of work handed from the orchestrator to a worker slot, and what comes back. Plain records:
 * the experiments module runs a {@link org.transferlab.protocol.work.WorkItem} without knowing about actors.
 */
package org.transferlab.protocol.work;
