/** The shapes the HTTP API returns and its clients (dashboard, CLI) read. */
package org.transferlab.protocol.view;
