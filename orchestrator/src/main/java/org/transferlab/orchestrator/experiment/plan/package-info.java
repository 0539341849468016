/**
 * Experiment plans as plain objects: which stages an experiment has, in what order, which
 * artifacts each stage hands to the next, and which trials the searcher proposes. The experiment
 * actor drives a {@link org.transferlab.orchestrator.experiment.plan.Plan}; nothing here imports Pekko.
 */
package org.transferlab.orchestrator.experiment.plan;
