/**
 * A worker node: slots that pull units of work from the orchestrator and run them through the
 * experiments module. {@link org.transferlab.workers.Workers} is the entry point; {@link
 * org.transferlab.workers.WorkerSettings} the configuration.
 */
package org.transferlab.workers;
