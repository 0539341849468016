/**
 * Checkpoints and artifacts: saving and restoring networks (graphs) with their updater state,
 * reading checkpoints of the old {@code MultiLayerNetwork} format, and the
 * {@link org.transferlab.experiments.checkpoint.ArtifactStore} a trial reads inputs from and
 * publishes outputs to (a directory-backed one for tests and single-machine use); and pretrained
 * weights from outside (PyTorch {@code state_dict}s as npz or safetensors, ONNX models exported from
 * PyTorch, DL4J zips) put into a declared network by layer name ({@link org.transferlab.experiments.checkpoint.ImportedWeights}).
 */
package org.transferlab.experiments.checkpoint;
