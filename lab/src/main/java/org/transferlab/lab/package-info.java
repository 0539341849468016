/**
 * The {@code tlab} command: {@link org.transferlab.lab.Tlab} gathers the commands of
 * {@code node} (processes that are part of a lab: standalone, orchestrator, worker, dashboard) and
 * {@code client} (commands that talk to a running lab over its HTTP API: submit, ls, show, control,
 * compare, export, tokens).
 */
package org.transferlab.lab;
