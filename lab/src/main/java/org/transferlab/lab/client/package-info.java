/**
 * Commands that talk to a running lab over its HTTP API through {@link org.transferlab.client.LabApiClient}:
 * {@code submit [--follow]}, {@code ls}, {@code show}, {@code cancel}/{@code pause}/{@code resume}/{@code stop-trial},
 * {@code compare [--chart]}, {@code export} and {@code tokens}, with their connection options and text tables.
 */
package org.transferlab.lab.client;
