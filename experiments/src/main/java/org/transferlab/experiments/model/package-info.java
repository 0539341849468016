/**
 * Network builders: turn a {@link org.transferlab.protocol.spec.ModelSpec} into an initialised DL4J
 * {@code ComputationGraph} (a network declared layer by layer, and the MLP, LeNet-style CNN and
 * VGG-style CNN presets, all built from layer lists; the masked-input autoencoder) whose
 * vertex names say what they are ({@code body-0}, …, {@code head}; see
 * {@link org.transferlab.experiments.model.BodyLayers}), so body and head are named cut points.
 */
package org.transferlab.experiments.model;
