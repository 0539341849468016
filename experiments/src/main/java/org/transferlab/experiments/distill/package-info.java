/**
 * Knowledge distillation (Hinton, Vinyals, Dean 2015): the teacher stage, the student stage (soft
 * targets from a frozen teacher, or hard labels only for the from-scratch baseline), the
 * {@link org.transferlab.experiments.distill.SoftTargetLoss} and the data both stages share.
 */
package org.transferlab.experiments.distill;
