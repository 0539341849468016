package org.transferlab.client;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The client is what the CLI and the dashboard share, so it must stay plain: neither Vaadin nor Pekko
 * may reach its class path (the protocol module's Pekko dependency is optional and must stay so).
 */
class ModuleBoundaryTest {

    @Test
    void neither_pekko_nor_vaadin_is_on_the_client_class_path() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.pekko.actor.typed.ActorSystem"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.vaadin.flow.component.Component"));
    }
}
