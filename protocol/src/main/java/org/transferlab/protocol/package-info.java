/**
 * The vocabulary every TransferLab module shares: experiment specs, trial configurations,
 * metric points, statuses and ids, as plain records with a JSON/YAML codec. No Pekko, no DL4J.
 */
package org.transferlab.protocol;
