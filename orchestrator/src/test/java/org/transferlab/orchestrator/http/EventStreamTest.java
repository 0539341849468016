package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.SubmitResult;

/** The whole lab's event stream carries every experiment's events, as well-formed server-sent events. */
class EventStreamTest extends OnSharedLabApi {

    @Test
    void the_lab_stream_replays_and_streams_events_of_every_experiment_with_id_event_and_data_lines() throws Exception {
        String first = Json.read(api.call("POST", "/api/experiments", "name: one\nkind: synthetic\n", "application/yaml", "test-token").body(),
                SubmitResult.class).id();
        HttpResponse<InputStream> stream = api.open("GET", "/api/events", null);
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        String second = Json.read(api.call("POST", "/api/experiments", "name: two\nkind: synthetic\n", "application/yaml", "test-token").body(),
                SubmitResult.class).id();
        Set<String> started = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            for (String line; started.size() < 2 && (line = in.readLine()) != null; ) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    LabEvent e = Json.read(line.substring(6), LabEvent.class);
                    assertEquals(id, Long.toString(e.seq()), "the id line is the event's sequence number");
                    assertEquals(type, e.kind().wire(), "the event line is the event's type");
                    if (e.kind() == LabEvent.Kind.EXPERIMENT_STARTED) {
                        started.add(e.experimentId());
                    }
                }
            }
        }
        assertEquals(Set.of(first, second), started, "one replayed, one live");
    }
}
