package org.transferlab.protocol.view;

/** Who the API takes the caller to be: the token's name and role, or {@code anonymous}. */
public record WhoAmI(String name, String role, boolean readsNeedToken) {}
