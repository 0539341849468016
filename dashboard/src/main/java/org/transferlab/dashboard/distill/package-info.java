/** The distillation view: accuracy against temperature and loss weight; teacher, distilled and from-scratch students. */
package org.transferlab.dashboard.distill;
