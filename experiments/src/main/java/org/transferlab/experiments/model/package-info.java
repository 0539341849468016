/** Network builders: turn a {@link org.transferlab.protocol.spec.ModelSpec} into an initialised DL4J network. */
package org.transferlab.experiments.model;
