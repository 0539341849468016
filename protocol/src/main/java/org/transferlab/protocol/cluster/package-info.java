/**
 * The messages orchestrator and worker nodes exchange over the cluster. The only part of the
 * protocol that touches Pekko (an optional dependency); every message is a {@link
 * org.transferlab.protocol.cluster.ClusterMessage}, serialized with Jackson CBOR.
 */
package org.transferlab.protocol.cluster;
