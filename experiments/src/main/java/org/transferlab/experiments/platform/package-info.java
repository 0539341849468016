/**
 * Which native ND4J build a process loads: chosen from the CPU's flags before ND4J starts
 * ({@link org.transferlab.experiments.platform.NativeVariant}).
 */
package org.transferlab.experiments.platform;
