/**
 * Commands that start a lab process and the node plumbing they share: {@code standalone},
 * {@code orchestrator}, {@code worker} and {@code dashboard}; {@link org.transferlab.lab.node.LabNode}
 * (cluster config, TLS, seed and join), the heap report and the first-use dataset fetch.
 */
package org.transferlab.lab.node;
