/** What the lab holds of the bundled datasets on disk, read at submission so that specs are checked against it. */
package org.transferlab.orchestrator.data;
