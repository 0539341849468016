package org.transferlab.orchestrator.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Broken and odd specs for the fuzz suite, all grown from the example specs so that most of them
 * get deep into parsing and validation before something is wrong: fields dropped, duplicated or
 * given another type, extreme numbers, huge strings, deep nesting, and texts cut or garbled so
 * that they are no longer YAML or JSON. Every choice comes from the one seeded {@link Random}.
 */
final class SpecMutator {

    /** Deep nesting is one of the mutations: the writers must not refuse what the server is to be tried with. */
    private static final StreamWriteConstraints DEEP = StreamWriteConstraints.builder().maxNestingDepth(100_000).build();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().streamWriteConstraints(DEEP)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().streamWriteConstraints(DEEP).build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A spec text and whether it is written as JSON (else YAML). */
    record Spec(String text, boolean json, String how) {}

    private final List<String> examples;
    private final Random random;

    SpecMutator(Path examplesDir, Random random) {
        try (Stream<Path> files = Files.list(examplesDir)) {
            this.examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(SpecMutator::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (examples.isEmpty()) {
            throw new IllegalStateException("no example specs in " + examplesDir);
        }
        this.random = random;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> examples() {
        return examples;
    }

    /** One example, mutated one to four times, as YAML or JSON, sometimes garbled as text afterwards. */
    Spec next() {
        String example = examples.get(random.nextInt(examples.size()));
        JsonNode tree;
        try {
            tree = YAML.readTree(example);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder how = new StringBuilder();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            how.append(mutateTree(tree)).append("; ");
        }
        boolean json = random.nextBoolean();
        String text;
        try {
            text = json ? JSON.writeValueAsString(tree) : YAML.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (random.nextInt(4) == 0) {
            String garbled = garble(text);
            how.append(garbled.equals(text) ? "" : "garbled text; ");
            text = garbled;
        }
        return new Spec(text, json, how.toString());
    }

    private String mutateTree(JsonNode root) {
        List<ContainerSlot> slots = new ArrayList<>();
        collect(root, slots, 0);
        if (slots.isEmpty()) {
            return "nothing to mutate";
        }
        ContainerSlot slot = slots.get(random.nextInt(slots.size()));
        return switch (random.nextInt(6)) {
            case 0 -> slot.remove();
            case 1 -> slot.replace(otherValue(), "retyped");
            case 2 -> slot.replace(extremeNumber(), "extreme number");
            case 3 -> slot.replace(NODES.textNode(hugeString()), "huge string");
            case 4 -> slot.replace(deep(50 + random.nextInt(2_000)), "deep nesting");
            default -> slot.duplicate();
        };
    }

    /** A place in the tree: a field of an object or an element of an array. */
    private record ContainerSlot(JsonNode parent, String field, int index) {
        String remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(field);
                return "dropped " + field;
            }
            ((ArrayNode) parent).remove(index);
            return "dropped element " + index;
        }

        String replace(JsonNode value, String how) {
            if (parent instanceof ObjectNode o) {
                o.set(field, value);
                return how + " at " + field;
            }
            ((ArrayNode) parent).set(index, value);
            return how + " at element " + index;
        }

        String duplicate() {
            if (parent instanceof ObjectNode o) {
                // a second field of (almost) the same name: the tree cannot hold two of one name
                o.set(field + "_", o.get(field).deepCopy());
                return "duplicated " + field;
            }
            ArrayNode a = (ArrayNode) parent;
            for (int i = 0; i < 1 + new Random(index).nextInt(50); i++) {
                a.add(a.get(index).deepCopy());
            }
            return "duplicated element " + index;
        }
    }

    private static void collect(JsonNode node, List<ContainerSlot> into, int depth) {
        if (depth > 20) {
            return;
        }
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                into.add(new ContainerSlot(o, e.getKey(), -1));
                collect(e.getValue(), into, depth + 1);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                into.add(new ContainerSlot(a, null, i));
                collect(a.get(i), into, depth + 1);
            }
        }
    }

    private JsonNode otherValue() {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.textNode(List.of("", " ", "grid", "asha", "mnist", "-1", "NaN", "Infinity", "1e999", "\u0000",
                    "é✓😀", "${jndi:ldap://x}", "../../etc/passwd", "<script>", "null").get(random.nextInt(15)));
            case 3 -> NODES.arrayNode();
            case 4 -> NODES.objectNode();
            case 5 -> NODES.arrayNode().add(random.nextInt()).add("x").addNull();
            case 6 -> NODES.objectNode().put("type", List.of("choice", "uniform", "int", "loguniform", "bogus").get(random.nextInt(5)))
                    .put("min", random.nextInt(7) - 3).put("max", random.nextInt(7) - 3);
            default -> NODES.numberNode(random.nextInt(21) - 10);
        };
    }

    private JsonNode extremeNumber() {
        return switch (random.nextInt(12)) {
            case 0 -> NODES.numberNode(0);
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(Integer.MAX_VALUE);
            case 3 -> NODES.numberNode(Integer.MIN_VALUE);
            case 4 -> NODES.numberNode(Long.MAX_VALUE);
            case 5 -> NODES.numberNode(new BigInteger("9".repeat(1 + random.nextInt(400))));
            case 6 -> NODES.numberNode(Double.MAX_VALUE);
            case 7 -> NODES.numberNode(-Double.MAX_VALUE);
            case 8 -> NODES.numberNode(Double.MIN_VALUE);
            case 9 -> NODES.numberNode(new BigDecimal("1e" + (300 + random.nextInt(100_000))));
            case 10 -> NODES.numberNode(1e-9);
            default -> NODES.numberNode(random.nextInt(1_000_000) * (random.nextBoolean() ? 1 : -1));
        };
    }

    private String hugeString() {
        int length = List.of(1_000, 20_000, 100_000, 250_000).get(random.nextInt(4));
        char c = "ax7é{\"\\\n".charAt(random.nextInt(8));
        return String.valueOf(c).repeat(length);
    }

    private JsonNode deep(int depth) {
        JsonNode node = NODES.numberNode(1);
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    /** The text cut, spliced or sprinkled with characters that YAML and JSON give meaning to. */
    String garble(String text) {
        if (text.isEmpty()) {
            return "{";
        }
        int at = random.nextInt(text.length());
        return switch (random.nextInt(10)) {
            case 8 -> {
                // a line twice: in YAML, the same key twice in one mapping
                List<String> lines = new ArrayList<>(text.lines().toList());
                int line = random.nextInt(lines.size());
                lines.add(line, lines.get(line));
                yield String.join("\n", lines) + "\n";
            }
            case 9 -> "lol: &a [x, x, x, x, x, x, x, x, x]\n"
                    + "lol2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                    + "lol3: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                    + "lol4: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                    + "lol5: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n" + text;
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + "\n---\n" + text.substring(at);
            case 2 -> text.substring(0, at) + "\t: &a [*a, {" + text.substring(at);
            case 3 -> text + (random.nextBoolean() ? "}}}]]" : "\nextra: [1, 2\n");
            case 4 -> text.substring(0, at) + "\"" + text.substring(at);
            case 5 -> text.substring(0, at) + "!!java.lang.Runtime {}\n" + text.substring(at);
            case 6 -> "[".repeat(random.nextInt(100_000)) + text;
            default -> {
                char[] chars = text.toCharArray();
                for (int i = 0; i < 1 + random.nextInt(20); i++) {
                    chars[random.nextInt(chars.length)] = (char) random.nextInt(0x3000);
                }
                yield new String(chars);
            }
        };
    }
}
