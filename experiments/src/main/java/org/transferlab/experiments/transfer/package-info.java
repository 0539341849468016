/**
 * Transfer learning with DL4J's own machinery: a pretrained body gets a new softmax head for the
 * target classes, its first layers frozen ({@code TransferLearning}, {@code FineTuneConfiguration}),
 * and is fine-tuned on k examples per target class.
 */
package org.transferlab.experiments.transfer;
