/**
 * The supervisor: one per lab (a cluster singleton) with its own protocol. Workers reach it through
 * a message adapter registered with the receptionist; it spawns one experiment actor per experiment
 * and adapts their requests ({@code experiment.ToSupervisor}), so it depends on the experiments and
 * never the other way round. Matching work with slots is plain bookkeeping in {@code WorkQueue}.
 */
package org.transferlab.orchestrator.supervisor;
