/**
 * The orchestrator's settings, read once from {@code transferlab.*}: a package of its own so that
 * the start-up wiring and the HTTP API both read them without depending on each other.
 */
package org.transferlab.orchestrator.config;
