package org.transferlab.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.LabEvent;

/**
 * Reads one experiment's SSE stream on a dedicated daemon thread. On a dropped connection it
 * reconnects after a pause, sending {@code Last-Event-ID}; since the server replays recorded events
 * on connect, events whose sequence number was already delivered are skipped, so a listener sees each
 * event once and in order.
 */
final class SseSubscription implements EventSubscription {

    private static final Logger log = LoggerFactory.getLogger(SseSubscription.class);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final HttpClient http;
    private final URI uri;
    private final String token;
    private final LabEventListener listener;
    private final Thread thread;
    private volatile boolean open = true;
    private volatile InputStream body;
    private long lastSeq = -1;

    SseSubscription(HttpClient http, URI uri, String token, long afterSeq, LabEventListener listener) {
        this.lastSeq = afterSeq;
        this.http = http;
        this.uri = uri;
        this.token = token;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("lab-events " + uri.getPath()).unstarted(this::run);
    }

    SseSubscription start() {
        thread.start();
        return this;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing only unblocks the reader; nothing to recover
            }
        }
        thread.interrupt();
    }

    private void run() {
        while (open) {
            try {
                readOnce();
                if (open) {
                    listener.onDisconnect(null);
                }
            } catch (IOException | RuntimeException e) {
                if (open) {
                    log.debug("event stream {} dropped: {}", uri, e.toString());
                    listener.onDisconnect(e);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!open) {
                return;
            }
            try {
                Thread.sleep(RECONNECT_DELAY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readOnce() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastSeq >= 0) {
            request.header("Last-Event-ID", Long.toString(lastSeq));
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        body = response.body();
        if (!open) {
            body.close();
            return;
        }
        if (response.statusCode() != 200) {
            String text = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            throw LabApiClient.failure(response.statusCode(), text);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while (open && (line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    dispatch(data);
                    data.setLength(0);
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(stripField(line, 5));
                }
                // "id:" and "event:" repeat what the LabEvent JSON carries (seq, type); comments start with ':'
            }
        }
    }

    private static String stripField(String line, int prefix) {
        String value = line.substring(prefix);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    private void dispatch(StringBuilder data) {
        if (data.isEmpty()) {
            return;
        }
        LabEvent event;
        try {
            event = Json.read(data.toString(), LabEvent.class);
        } catch (IllegalArgumentException e) {
            log.warn("skipping malformed event on {}: {}", uri, e.getMessage());
            return;
        }
        if (event.seq() <= lastSeq) {
            return;
        }
        lastSeq = event.seq();
        listener.onEvent(event);
    }
}
