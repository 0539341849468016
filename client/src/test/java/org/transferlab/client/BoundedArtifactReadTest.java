package org.transferlab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard reads an artifact as text only up to its limit: a 256 MB artifact, announced or
 * streamed without a length, is refused with a message naming the limit, after reading no more
 * than the limit, instead of being pulled whole into the dashboard's heap.
 */
class BoundedArtifactReadTest {

    private static final long HUGE = 256L << 20;
    private static final long LIMIT = 1 << 20;
    private static final byte[] SMALL = "{\"layers\": [] }\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicLong sent = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/artifacts/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/api/artifacts/".length());
            long size = id.equals("small") ? SMALL.length : HUGE;
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, id.equals("streamed") ? 0 : size);
            byte[] block = new byte[64 * 1024];
            java.util.Arrays.fill(block, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                if (id.equals("small")) {
                    out.write(SMALL);
                    return;
                }
                for (long written = 0; written < size; written += block.length) {
                    out.write(block);
                    sent.addAndGet(block.length);
                }
            } catch (IOException clientWentAway) {
                // the dashboard stopped reading: what this test wants
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private LabApiClient client() {
        return new LabApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null);
    }

    @Test
    void a_small_artifact_is_read_whole() {
        assertEquals("{\"layers\": [] }\n", client().artifactText("small", LIMIT));
    }

    @Test
    void an_artifact_announced_larger_than_the_limit_is_refused_without_reading_it() {
        LabApiClient.ArtifactTooLargeException e = assertThrows(LabApiClient.ArtifactTooLargeException.class,
                () -> client().artifactText("announced", LIMIT));
        assertTrue(e.getMessage().contains(HUGE + " bytes") && e.getMessage().contains("max-artifact-text"), e.getMessage());
    }

    @Test
    void an_artifact_streamed_without_a_length_is_cut_off_at_the_limit() {
        LabApiClient.ArtifactTooLargeException e = assertThrows(LabApiClient.ArtifactTooLargeException.class,
                () -> client().artifactText("streamed", LIMIT));
        assertTrue(e.getMessage().contains("larger than the " + LIMIT + " bytes"), e.getMessage());
        assertTrue(sent.get() < HUGE, "the dashboard stopped reading after the limit; the server sent " + sent.get());
    }
}
