/** The artifact store: checkpoints, pretrained bodies and other stage outputs, on disk with checksums. */
package org.transferlab.orchestrator.artifact;
