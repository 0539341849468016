/**
 * Datasets, offline: the registry by name ({@link org.transferlab.experiments.data.DatasetRegistry}),
 * the IDX format (MNIST, Fashion-MNIST), sklearn's CSV files (digits, iris, wine) with a seeded
 * stratified train/test split, normalisation, and the seeded class-subset / k-examples-per-class
 * sampling that turns a dataset part into a DL4J data set; and the lab's own files
 * ({@code data.sources}: image folders, CSV, npz) loaded from the zip the orchestrator packed
 * ({@link org.transferlab.experiments.data.FileDataset}).
 */
package org.transferlab.experiments.data;
