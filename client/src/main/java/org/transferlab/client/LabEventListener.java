package org.transferlab.client;

import org.transferlab.protocol.view.LabEvent;

/** Receives an experiment's events on the subscription's own thread, in sequence order. */
@FunctionalInterface
public interface LabEventListener {

    void onEvent(LabEvent event);

    /** The connection dropped or failed; the subscription reconnects by itself until closed. */
    default void onDisconnect(Throwable cause) {}
}
