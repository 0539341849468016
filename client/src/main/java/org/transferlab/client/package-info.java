/**
 * A java.net.http client of the TransferLab HTTP API: REST reads, spec submission, control calls and
 * the SSE event stream. Shared by the dashboard and the {@code tlab} client commands; plain Java on
 * the protocol records, no Vaadin and no Pekko.
 */
package org.transferlab.client;
