/**
 * The lab's own data files, read in plain Java (no DL4J) so that the orchestrator, which checks and
 * ships a dataset when its spec is submitted, and the workers, which train on it, read it the same
 * way: image folders, CSV tables and NumPy arrays ({@link org.transferlab.protocol.data.DatasetFiles}),
 * and the tensor files pretrained weights come in ({@link org.transferlab.protocol.data.TensorFiles}).
 */
package org.transferlab.protocol.data;
