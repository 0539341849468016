package org.transferlab.client;

/** A live server-sent-event subscription; closing it stops its thread and drops the connection. */
public interface EventSubscription extends AutoCloseable {

    /** Whether the stream is still wanted (not closed by the caller). */
    boolean isOpen();

    @Override
    void close();
}
