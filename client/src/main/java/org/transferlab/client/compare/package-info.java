/**
 * The compare model: trials of one or several experiments ranked on one metric, with their curves and
 * legends, and which parameters explain the metric ({@link org.transferlab.client.compare.ParameterImportance}).
 * The dashboard's compare view and {@code tlab compare} both read it.
 */
package org.transferlab.client.compare;
