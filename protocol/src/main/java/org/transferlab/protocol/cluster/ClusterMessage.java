package org.transferlab.protocol.cluster;

/** Marker for every message that may cross the network; bound to jackson-cbor in reference.conf. */
public interface ClusterMessage {}
