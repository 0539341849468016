/**
 * Transfer learning with DL4J's own machinery: a pretrained body gets a new softmax head for the
 * target classes in place of its {@code head} vertex, its first body layers frozen up to a named cut
 * point ({@code TransferLearning.GraphBuilder}, {@code FineTuneConfiguration}), and is fine-tuned
 * on k examples per target class with the trial's optimizer ({@code Optimizers}: Adam, or SGD with or
 * without momentum).
 */
package org.transferlab.experiments.transfer;
