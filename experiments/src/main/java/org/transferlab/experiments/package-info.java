/**
 * TransferLab's science on DL4J/ND4J. {@link org.transferlab.experiments.TrialRunner} is the one
 * entry point a worker calls; the feature packages below it hold datasets, model builders, the
 * training loop, transfer (freeze / replace head) and checkpoints.
 */
package org.transferlab.experiments;
