package org.transferlab.dashboard.launch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.Optional;

/**
 * The few spec fields the launch form edits, read from and written into the spec's YAML tree, so
 * the form and the YAML editor are two views of one text. Writing drops YAML comments.
 */
public record SpecForm(String name, Integer trials, Integer maxConcurrent, Integer epochs, String algorithm) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** The form's fields from a spec, or empty when the text is not a YAML mapping. */
    public static Optional<SpecForm> read(String yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root == null || !root.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new SpecForm(text(root.path("name")), integer(root.path("search").path("trials")),
                    integer(root.path("search").path("maxConcurrent")), integer(root.path("train").path("epochs")),
                    text(root.path("search").path("algorithm"))));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The spec with this form's non-null fields written into it. */
    public String writeInto(String yaml) {
        try {
            JsonNode parsed = YAML.readTree(yaml);
            ObjectNode root = parsed != null && parsed.isObject() ? (ObjectNode) parsed : YAML.createObjectNode();
            if (name != null) {
                root.put("name", name);
            }
            if (trials != null) {
                section(root, "search").put("trials", trials);
            }
            if (maxConcurrent != null) {
                section(root, "search").put("maxConcurrent", maxConcurrent);
            }
            if (algorithm != null) {
                section(root, "search").put("algorithm", algorithm);
            }
            if (epochs != null) {
                section(root, "train").put("epochs", epochs);
            }
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            return yaml; // the editor holds broken YAML; its errors are shown and the form leaves it alone
        }
    }

    private static ObjectNode section(ObjectNode root, String name) {
        JsonNode s = root.get(name);
        return s instanceof ObjectNode o ? o : root.putObject(name);
    }

    private static String text(JsonNode n) {
        return n.isValueNode() ? n.asText() : null;
    }

    private static Integer integer(JsonNode n) {
        return n.canConvertToInt() ? n.asInt() : null;
    }
}
