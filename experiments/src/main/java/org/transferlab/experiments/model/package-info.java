/**
 * Network builders: turn a {@link org.transferlab.protocol.spec.ModelSpec} into an initialised DL4J
 * network (MLP, LeNet-style CNN, masked-input autoencoder) and map the body layers a spec counts
 * onto DL4J layer indices.
 */
package org.transferlab.experiments.model;
