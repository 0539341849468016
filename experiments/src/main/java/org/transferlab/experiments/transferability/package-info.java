/**
 * Transferability before the sweep: how well a pretrained body's features at each candidate cut
 * point suit the target labels, measured without training ({@link
 * org.transferlab.experiments.transferability.LogMe}), so a lab can rank frozen depths before
 * fine-tuning them ({@link org.transferlab.experiments.transferability.TransferabilityStage}).
 */
package org.transferlab.experiments.transferability;
