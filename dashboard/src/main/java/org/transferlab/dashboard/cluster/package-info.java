/** The cluster view: worker nodes and slots with their running trials and utilisation. */
package org.transferlab.dashboard.cluster;
