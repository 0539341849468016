/**
 * Network builders: turn a {@link org.transferlab.protocol.spec.ModelSpec} into an initialised DL4J
 * {@code ComputationGraph} (MLP, LeNet-style CNN, VGG-style CNN, masked-input autoencoder) whose
 * vertex names say what they are ({@code body-0}, …, {@code head}; see
 * {@link org.transferlab.experiments.model.BodyLayers}), so body and head are named cut points.
 */
package org.transferlab.experiments.model;
