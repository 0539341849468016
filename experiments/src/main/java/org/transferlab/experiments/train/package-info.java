/**
 * Training: the epoch loop shared by every DL4J stage (seeded shuffling, one evaluation per epoch,
 * stop requests between epochs), the pretrain stage that produces the shared body, and the
 * synthetic trial used to exercise orchestration without any training.
 */
package org.transferlab.experiments.train;
