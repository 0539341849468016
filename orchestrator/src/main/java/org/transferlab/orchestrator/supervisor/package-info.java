/**
 * The supervisor: one per lab (a cluster singleton). Owns the work queue and the registry of
 * worker slots, spawns one experiment actor per experiment, routes worker reports to them.
 */
package org.transferlab.orchestrator.supervisor;
