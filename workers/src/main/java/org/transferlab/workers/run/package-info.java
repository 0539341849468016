/**
 * What a slot needs to run a unit of work outside the actor world: the artifact store over HTTP
 * with its local cache, and how a slot gets one per unit of work.
 */
package org.transferlab.workers.run;
