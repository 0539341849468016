package org.transferlab.protocol.spec;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
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
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
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

    private final String text;
    /** Line of each field by path, built on first use. */
    private Map<String, Integer> lines;

    private SpecSource(String text) {
        this.text = text;
    }

    /** One open mapping or list while the events are read: its path, and for a mapping its keys so far. */
    private static final class Open {
        final boolean mapping;
        final String path;
        final Map<String, Integer> keys = new HashMap<>();
        boolean expectKey = true;
        String key;
        int index;

        Open(boolean mapping, String path) {
            this.mapping = mapping;
            this.path = path;
        }

        String child(String key) {
            return key == null ? path : path.isEmpty() ? key : path + "." + key;
        }
    }

    /**
     * Reads {@code text} strictly, in one pass over its events.
     *
     * @throws InvalidSpecException for a second document, an anchor or alias, a duplicate key, or
     *     nesting deeper than {@link #MAX_DEPTH}
     * @throws YAMLException for text that is not YAML at all (the caller reports it with a path)
     */
    static SpecSource read(String text) {
        Yaml yaml = new Yaml(new LoaderOptions());
        int documents = 0;
        Deque<Open> open = new ArrayDeque<>();
        // events are read lazily, so a refused document is not scanned beyond the point of refusal
        for (Event e : yaml.parse(new StringReader(text))) {
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
            if (e instanceof CollectionEndEvent) {
                open.pop();
            } else if (e instanceof NodeEvent) {
                String path = place(open.peek(), e);
                if (e instanceof CollectionStartEvent) {
                    if (open.size() >= MAX_DEPTH) {
                        throw refused("$", "nested more than " + MAX_DEPTH + " levels deep; a spec needs far fewer", e.getStartMark());
                    }
                    open.push(new Open(e instanceof MappingStartEvent, path));
                }
            }
        }
        return new SpecSource(text);
    }

    /** Where a node goes in its parent: the path it will have; a duplicate mapping key is refused here. */
    private static String place(Open parent, Event e) {
        if (parent == null) {
            return "";
        }
        if (!parent.mapping) {
            return parent.path + "[" + parent.index++ + "]";
        }
        if (!parent.expectKey) {
            parent.expectKey = true;
            return parent.child(parent.key);
        }
        parent.expectKey = false;
        parent.key = e instanceof ScalarEvent s ? s.getValue() : null;
        if (parent.key != null) {
            Integer first = parent.keys.putIfAbsent(parent.key, e.getStartMark().getLine() + 1);
            if (first != null) {
                throw refused(parent.child(parent.key), "duplicate key '" + parent.key + "' (first on line " + first + ")",
                        e.getStartMark());
            }
        }
        return parent.path;
    }

    /** The 1-based line on which the field at {@code path} (e.g. {@code search.space.x.min}) is written. */
    Optional<Integer> lineOf(String path) {
        if (lines == null) {
            // only errors need lines: the index is built for the first one, not for every spec
            lines = new HashMap<>();
            Node root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
            if (root != null) {
                index(root, "", lines);
            }
        }
        return Optional.ofNullable(path == null ? null : lines.get(path));
    }

    /** Records the line of every field under {@code node}: a mapping key's line, a list item's own. */
    private static void index(Node node, String path, Map<String, Integer> lines) {
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    String child = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
                    lines.putIfAbsent(child, k.getStartMark().getLine() + 1);
                    index(t.getValueNode(), child, lines);
                }
            }
        } else if (node instanceof SequenceNode seq) {
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                String child = path + "[" + i + "]";
                lines.putIfAbsent(child, items.get(i).getStartMark().getLine() + 1);
                index(items.get(i), child, lines);
            }
        }
    }

    /** {@code error} with the line of its field appended, when the field is written in the text. */
    FieldError located(FieldError error) {
        return lineOf(error.field()).map(line -> new FieldError(error.field(), error.message() + " (line " + line + ")")).orElse(error);
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
