/**
 * Guided transfer learning (GTL): scouts that fine-tune copies of the pretrained body on small
 * sub-problems ({@link org.transferlab.experiments.gtl.ScoutStage}), the reduction of their
 * parameter movements into a guide matrix ({@link org.transferlab.experiments.gtl.GuideStage},
 * {@link org.transferlab.experiments.gtl.GuideMatrix}), and the guided fine-tune that scales each
 * body parameter's gradient or update by its guide value
 * ({@link org.transferlab.experiments.gtl.GuidedUpdates}).
 */
package org.transferlab.experiments.gtl;
