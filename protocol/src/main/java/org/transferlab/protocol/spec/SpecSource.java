package org.transferlab.protocol.spec;

import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The text of a spec, read strictly, before it is mapped onto the spec records: exactly one YAML
 * (or JSON) document with nothing after it, no key twice in one mapping, and no anchors or aliases.
 * Aliases are refused rather than expanded: a spec is short enough to write out, and expanding
 * them invites "billion laughs" documents that are small on the wire and huge in memory. It also
 * knows on which line each field is, so an error can name the line the user wrote, whatever
 * position the record mapper happened to be at when it noticed.
 *
 * <p>Cost: the HTTP API hands in at most {@code max-spec-bytes}, and reading stops at the first
 * collection nested deeper than {@link #MAX_DEPTH}. That bound matters: SnakeYAML's scanner slows
 * down with each open flow collection, and reading all events of 200,000 {@code [} (a 200 KB body)
 * took about 30 seconds without it. Within the bound reading is linear in the text.
 */
final class SpecSource {

    /** The deepest nesting of mappings and lists a spec may have; a real one needs five levels. */
    static final int MAX_DEPTH = 20;

    private final Node root;

    private SpecSource(Node root) {
        this.root = root;
    }

    /**
     * Reads {@code text} strictly.
     *
     * @return the document's tree (empty for a text with no document)
     * @throws InvalidSpecException for a second document, an anchor or alias, or a duplicate key
     * @throws YAMLException for text that is not YAML at all (the caller reports it with a path)
     */
    static SpecSource read(String text) {
        Yaml yaml = new Yaml(new LoaderOptions());
        int documents = 0;
        int depth = 0;
        // events are read lazily, so a too-deep document is refused before the rest of it is scanned
        for (Event e : yaml.parse(new StringReader(text))) {
            if (e instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
                throw refused("$", "nested more than " + MAX_DEPTH + " levels deep; a spec needs far fewer", e.getStartMark());
            }
            if (e instanceof CollectionEndEvent) {
                depth--;
            }
            if (e instanceof DocumentStartEvent && ++documents > 1) {
                throw refused("$", "a spec is one document, but a second one starts here", e.getStartMark());
            }
            if (e instanceof AliasEvent a) {
                throw refused("$", "YAML aliases (*" + a.getAnchor() + ") are not accepted; write the value out in full",
                        e.getStartMark());
            }
            if (e instanceof NodeEvent n && n.getAnchor() != null) {
                throw refused("$", "YAML anchors (&" + n.getAnchor() + ") are not accepted; write each value out in full",
                        e.getStartMark());
            }
        }
        Node root = yaml.compose(new StringReader(text));
        if (root != null) {
            checkKeys(root, "");
        }
        return new SpecSource(root);
    }

    /** The 1-based line on which the field at {@code path} (e.g. {@code search.space.x.min}) is written. */
    Optional<Integer> lineOf(String path) {
        if (root == null || path == null || path.isEmpty() || path.equals("$")) {
            return Optional.empty();
        }
        Node node = root;
        Mark at = null;
        for (String segment : path.replace("[", ".[").split("\\.")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.startsWith("[") && segment.endsWith("]") && node instanceof SequenceNode seq) {
                int i;
                try {
                    i = Integer.parseInt(segment.substring(1, segment.length() - 1));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                List<Node> items = seq.getValue();
                if (i < 0 || i >= items.size()) {
                    return Optional.empty();
                }
                node = items.get(i);
                at = node.getStartMark();
            } else if (node instanceof MappingNode map) {
                NodeTuple found = null;
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(segment)) {
                        found = t;
                        break;
                    }
                }
                if (found == null) {
                    return Optional.empty();
                }
                at = found.getKeyNode().getStartMark();
                node = found.getValueNode();
            } else {
                return Optional.empty();
            }
        }
        return at == null ? Optional.empty() : Optional.of(at.getLine() + 1);
    }

    /** {@code error} with the line of its field appended, when the field is written in the text. */
    FieldError located(FieldError error) {
        return lineOf(error.field()).map(line -> new FieldError(error.field(), error.message() + " (line " + line + ")")).orElse(error);
    }

    private static void checkKeys(Node node, String path) {
        if (node instanceof MappingNode map) {
            Map<String, Integer> seen = new HashMap<>();
            for (NodeTuple t : map.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
                String child = key == null ? path : path.isEmpty() ? key : path + "." + key;
                if (key != null) {
                    Integer first = seen.putIfAbsent(key, t.getKeyNode().getStartMark().getLine() + 1);
                    if (first != null) {
                        throw refused(child, "duplicate key '" + key + "' (first on line " + first + ")",
                                t.getKeyNode().getStartMark());
                    }
                }
                checkKeys(t.getValueNode(), child);
            }
        } else if (node instanceof SequenceNode seq) {
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                checkKeys(items.get(i), path + "[" + i + "]");
            }
        }
    }

    private static InvalidSpecException refused(String field, String message, Mark mark) {
        return new InvalidSpecException(List.of(new FieldError(field, message + " (line " + (mark.getLine() + 1) + ")")));
    }

    /** The line of a SnakeYAML syntax error, when it has one. */
    static Optional<Integer> lineOf(YAMLException e) {
        if (e instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            return Optional.of(m.getProblemMark().getLine() + 1);
        }
        return Optional.empty();
    }
}
