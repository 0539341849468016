/**
 * Training: the epoch loop shared by every DL4J stage (seeded shuffling and masking, one
 * evaluation per epoch, stop requests between epochs) for classifiers and masked-input
 * autoencoders on any single-input graph; {@link org.transferlab.experiments.train.TrainingStage},
 * the load-or-resume → train → checkpoint → publish skeleton that every training stage fills in;
 * the pretrain stage that produces the shared body (supervised or masked autoencoder, or an
 * existing body artifact); periodic checkpoints; and the synthetic trial used to exercise
 * orchestration without any training.
 */
package org.transferlab.experiments.train;
