/** The event log: every state change is recorded in the store first, then pushed to live subscribers. */
package org.transferlab.orchestrator.events;
