/**
 * The HTTP API (Pekko HTTP): one routes class per resource, JSON everywhere, server-sent events
 * for live streams. Reads go straight to the store on the store dispatcher; changes go through
 * the supervisor and need the bearer token.
 */
package org.transferlab.orchestrator.http;
