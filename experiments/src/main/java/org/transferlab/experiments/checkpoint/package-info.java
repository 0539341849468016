/**
 * Checkpoints and artifacts: saving and restoring networks with their updater state, and the
 * {@link org.transferlab.experiments.checkpoint.ArtifactStore} a trial reads inputs from and
 * publishes outputs to (a directory-backed one for tests and single-machine use).
 */
package org.transferlab.experiments.checkpoint;
