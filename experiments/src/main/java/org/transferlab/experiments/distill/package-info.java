/**
 * Knowledge distillation (Hinton, Vinyals, Dean 2015): the teacher stage (an MLP or a declared
 * network), the student stage (soft targets from a frozen teacher, or hard labels only for the
 * from-scratch baseline), the {@link org.transferlab.experiments.distill.SoftTargetLoss} and the data
 * both stages share; and what a student can match besides the teacher's outputs: FitNet hints
 * ({@link org.transferlab.experiments.distill.FitNetHints}) and attention maps
 * ({@link org.transferlab.experiments.distill.AttentionTransfer}, {@link org.transferlab.experiments.distill.AttentionLoss}).
 */
package org.transferlab.experiments.distill;
