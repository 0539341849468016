/**
 * The store, source of truth for experiments, trials, metrics, artifacts and events: plain JDBC
 * over a small connection pool, schema created by versioned SQL migrations. Embedded H2 by default,
 * PostgreSQL by URL. Every method blocks; callers run it on the store dispatcher.
 */
package org.transferlab.orchestrator.store;
