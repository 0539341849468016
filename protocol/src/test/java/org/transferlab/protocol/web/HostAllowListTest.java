package org.transferlab.protocol.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostAllowListTest {

    private final HostAllowList loopback = HostAllowList.parse("");

    @Test
    void loopback_names_are_allowed_with_or_without_port() {
        for (String host : new String[] {"localhost", "localhost:7070", "LOCALHOST.", "127.0.0.1", "127.0.0.1:8080", "[::1]", "[::1]:7070"}) {
            assertTrue(loopback.allows(host), host);
        }
    }

    @Test
    void other_names_and_malformed_headers_are_refused() {
        for (String host : new String[] {"evil.example", "evil.example:7070", "127.0.0.1.evil.example", "localhost:abc",
                "[::1", "", "  ", "10.0.0.10"}) {
            assertFalse(loopback.allows(host), host);
        }
        assertFalse(loopback.allows(null));
    }

    @Test
    void configured_names_bind_address_and_wildcard_extend_the_list() {
        HostAllowList lab = HostAllowList.parse("lab-1.example.org, 10.0.0.10", "orchestrator", "0.0.0.0");
        assertTrue(lab.allows("lab-1.example.org:7070"));
        assertTrue(lab.allows("10.0.0.10"));
        assertTrue(lab.allows("orchestrator:7070"));
        assertFalse(lab.allows("0.0.0.0"), "a wildcard bind address is not a name");
        assertTrue(lab.allows("localhost:8080"), "loopback names stay answered");
        assertTrue(HostAllowList.parse("*").allows("anything.example"));
    }

    @Test
    void loopback_is_recognised_by_name_and_address() {
        assertTrue(HostAllowList.isLoopback("localhost:8080"));
        assertTrue(HostAllowList.isLoopback("127.0.0.1"));
        assertTrue(HostAllowList.isLoopback("[::1]:8080"));
        assertFalse(HostAllowList.isLoopback("lab-1.example.org"));
        assertFalse(HostAllowList.isLoopback("127.0.0.1.nip.io"));
    }
}
