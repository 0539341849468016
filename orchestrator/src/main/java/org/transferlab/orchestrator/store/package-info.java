/**
 * The store, source of truth for experiments, trials, metrics, artifacts and events: one small
 * class per table ({@code ExperimentStore}, {@code TrialStore}, {@code MetricStore},
 * {@code EventStore}, {@code ArtifactStore}, {@code TokenStore}) over plain JDBC through
 * {@code Sql}, a HikariCP connection pool ({@code Database}) and Flyway migrations. Embedded H2 by
 * default, PostgreSQL by URL. Every method blocks; callers run it on the store dispatcher.
 */
package org.transferlab.orchestrator.store;
