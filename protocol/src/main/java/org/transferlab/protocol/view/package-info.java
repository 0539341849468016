/**
 * The shapes the HTTP API returns and its clients (dashboard, CLI) read, and the summaries every
 * client words the same way from them: {@link org.transferlab.protocol.view.Standing} (the best trial)
 * and {@link org.transferlab.protocol.view.Comparison} (the method against its automatic baseline,
 * paired by seed, with Student-t intervals).
 */
package org.transferlab.protocol.view;
