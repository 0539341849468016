/**
 * Datasets, offline: the IDX file format, MNIST (fetched files or the bundled subset), and the
 * seeded class-subset / k-examples-per-class sampling that turns images into DL4J data sets.
 */
package org.transferlab.experiments.data;
