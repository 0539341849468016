/** A java.net.http client of the TransferLab HTTP API: REST reads, spec submission and the SSE event stream. */
package org.transferlab.dashboard.client;
