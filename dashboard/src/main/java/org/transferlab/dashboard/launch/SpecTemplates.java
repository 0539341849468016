package org.transferlab.dashboard.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Starting points for the launch form: one spec per experiment kind, kept as YAML resources next to this class. */
public final class SpecTemplates {

    /** The kinds with a template, in the order the form offers them. */
    public static final List<String> KINDS = List.of("finetune", "gtl", "distillation", "synthetic");

    private SpecTemplates() {}

    public static String yaml(String kind) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("no template for kind '" + kind + "', expected one of " + KINDS);
        }
        try (InputStream in = SpecTemplates.class.getResourceAsStream(kind + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("template " + kind + ".yaml is missing from the dashboard jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
