/**
 * Search strategies: propose trial parameters and learn from finished trials. Plain Java with
 * seeded randomness and no Pekko types; they never stop a trial (that is the scheduler's job).
 */
package org.transferlab.orchestrator.search;
