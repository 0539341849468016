/**
 * The {@code tlab} command: starts lab processes (standalone, orchestrator, worker, dashboard) and
 * talks to a running lab over its HTTP API (submit, ls, show, cancel).
 */
package org.transferlab.lab;
