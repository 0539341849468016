package org.transferlab.protocol.web;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The names a server answers to in the {@code Host} header. A web page on another site can make a
 * browser talk to a loopback server by rebinding its own DNS name to 127.0.0.1; the browser then
 * sends that page's name as {@code Host}. Answering only loopback names and the names the lab chose
 * is what stops such a page from reading the API or getting a dashboard session. Names are
 * compared without port, case or a trailing dot; IPv6 literals with or without brackets. The one
 * entry {@code *} turns the check off, for a lab behind a proxy that checks names itself.
 */
public final class HostAllowList {

    /** This machine's loopback names: always answered. */
    public static final String LOOPBACK = "localhost,127.0.0.1,[::1]";

    private final Set<String> names;
    private final boolean any;

    private HostAllowList(Set<String> names, boolean any) {
        this.names = Set.copyOf(names);
        this.any = any;
    }

    /**
     * The loopback names, the names of a comma-separated list, and {@code extra} names (the address a
     * server binds to, its public URL's host); blank and wildcard bind addresses ({@code 0.0.0.0},
     * {@code ::}) add nothing. Loopback names are always answered: a rebinding page never has one.
     */
    public static HostAllowList parse(String list, String... extra) {
        Set<String> names = new LinkedHashSet<>();
        boolean any = false;
        for (String entry : (LOOPBACK + "," + (list == null ? "" : list)).split(",")) {
            if (entry.strip().equals("*")) {
                any = true;
            } else {
                name(entry).ifPresent(names::add);
            }
        }
        for (String e : extra) {
            name(e).filter(n -> !n.equals("0.0.0.0") && !n.equals("::") && !n.equals("0:0:0:0:0:0:0:0")).ifPresent(names::add);
        }
        return new HostAllowList(names, any);
    }

    /** Whether a request with this {@code Host} header value (name, optionally {@code :port}) may be answered. */
    public boolean allows(String hostHeader) {
        return any || name(hostHeader).map(names::contains).orElse(false);
    }

    /** Whether this {@code Host} header names this machine's loopback interface. */
    public static boolean isLoopback(String hostHeader) {
        return name(hostHeader).map(n -> n.equals("localhost") || n.equals("::1") || n.matches("127(\\.\\d{1,3}){3}"))
                .orElse(false);
    }

    /** The configured names, for messages. */
    public String describe() {
        return any ? "*" : String.join(", ", names);
    }

    /** The bare, lower-case host name of a {@code Host} header or list entry; empty when there is none. */
    static Optional<String> name(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String host;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = v.substring(1, close);
            String rest = v.substring(close + 1);
            if (!rest.isEmpty() && !rest.matches(":\\d{0,5}")) {
                return Optional.empty();
            }
        } else if (v.chars().filter(c -> c == ':').count() > 1) {
            host = v; // an unbracketed IPv6 literal, as a list entry may give one
        } else {
            int colon = v.indexOf(':');
            if (colon >= 0 && !v.substring(colon + 1).matches("\\d{0,5}")) {
                return Optional.empty();
            }
            host = colon >= 0 ? v.substring(0, colon) : v;
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    @Override
    public String toString() {
        return "HostAllowList[" + describe() + "]";
    }

    /** Names as a list, for tests and diagnostics. */
    Set<String> names() {
        return names;
    }
}
