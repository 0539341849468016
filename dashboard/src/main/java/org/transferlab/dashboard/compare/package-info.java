/** Comparing trials of one or several experiments: curves, parallel coordinates, scatter, parameter importance, best configurations. */
package org.transferlab.dashboard.compare;
