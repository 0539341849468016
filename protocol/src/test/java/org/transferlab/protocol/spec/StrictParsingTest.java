package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A spec is exactly one plain document: what a lenient parser used to accept silently is refused, by line. */
class StrictParsingTest {

    private static FieldError refused(String text) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(text));
        return e.errors().getFirst();
    }

    @Test
    void json_followed_by_trailing_garbage_is_refused() {
        FieldError e = refused("{\"name\": \"j\", \"search\": {\"trials\": 2}} and then some");
        assertTrue(e.message().contains("line 1"), e.toString());
        refused("{\"name\": \"j\"}\n{\"name\": \"k\"}\n");
    }

    @Test
    void a_yaml_stream_with_a_second_document_is_refused_at_its_line() {
        FieldError e = refused("name: first\nkind: synthetic\n---\nname: second\n");
        assertTrue(e.message().contains("second one"), e.toString());
        assertTrue(e.message().endsWith("(line 3)"), e.toString());
    }

    @Test
    void a_key_written_twice_is_refused_with_both_lines() {
        FieldError yaml = refused("name: a\nsearch:\n  trials: 2\n  trials: 3000\n");
        assertEquals("search.trials", yaml.field());
        assertTrue(yaml.message().contains("first on line 3") && yaml.message().endsWith("(line 4)"), yaml.toString());

        FieldError json = refused("{\"name\": \"a\", \"name\": \"b\"}");
        assertEquals("name", json.field());
        assertTrue(json.message().contains("duplicate key 'name'"), json.toString());
    }

    @Test
    void yaml_anchors_and_aliases_are_refused_with_a_clear_message() {
        FieldError anchor = refused("""
                name: a
                search:
                  space:
                    learningRate: &lr {type: uniform, min: 0.001, max: 0.01}
                    bodyLearningRate: *lr
                """);
        assertTrue(anchor.message().contains("anchors (&lr) are not accepted"), anchor.toString());
        assertTrue(anchor.message().endsWith("(line 4)"), anchor.toString());

        // an alias without its anchor is malformed, not a string
        FieldError alias = refused("name: *undefined\n");
        assertTrue(alias.message().contains("line 1"), alias.toString());
    }

    @Test
    void a_billion_laughs_document_is_refused_before_anything_expands() {
        StringBuilder text = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            String p = "*a" + (i - 1);
            text.append("a").append(i).append(": &a").append(i).append(" [").append(String.join(", ", java.util.Collections.nCopies(9, p)))
                    .append("]\n");
        }
        text.append("name: *a9\n");
        FieldError e = refused(text.toString());
        assertTrue(e.message().contains("not accepted"), e.toString());
    }

    @Test
    void an_unknown_field_is_reported_at_the_line_where_it_is_written() {
        // the record mapper notices an unknown field only at the end of its mapping (line 7 here)
        FieldError e = refused("""
                name: x


                model:
                  hiden: [3]
                train: {epochs: 2}
                """);
        assertEquals("model.hiden", e.field());
        assertTrue(e.message().endsWith("(line 5)"), e.toString());
    }

    @Test
    void validation_errors_carry_the_line_of_the_field_too() {
        FieldError e = refused("""
                name: x
                kind: finetune
                search:
                  space:
                    batchSize: {type: int, min: 0, max: 64}
                """);
        assertEquals("search.space.batchSize.min", e.field());
        assertTrue(e.message().endsWith("(line 5)"), e.toString());
    }

    @Test
    void a_clean_json_or_yaml_spec_still_parses() {
        assertEquals("j", SpecCodec.parse("{\"name\": \"j\", \"search\": {\"trials\": 2}}\n").name());
        assertEquals("y", SpecCodec.parse("---\nname: y\n...\n").name());
    }

    @Test
    void a_deeply_nested_document_is_refused_at_once() {
        // 200,000 open brackets fit in a 256 KiB body; reading all their events takes the scanner about 30 s
        for (String deep : java.util.List.of("[".repeat(200_000), "{\"a\": ".repeat(40_000), "- ".repeat(100_000) + "x")) {
            FieldError e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(2), () -> refused(deep));
            assertTrue(e.message().contains("nested more than"), e.toString());
        }
    }
}
