/** Launching experiments: templates per kind, a form and a YAML editor validated by the API before submission. */
package org.transferlab.dashboard.launch;
