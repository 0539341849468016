package org.transferlab.workers.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.work.ArtifactRole;

/** Against a real HTTP server on port 0 that plays the orchestrator's artifact store. */
class HttpArtifactStoreTest {

    private static final String TOKEN = "s3cret";
    private static final String GRANT = "upl_work-1";

    private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    private final Map<String, String> announced = new ConcurrentHashMap<>();
    private final AtomicInteger downloads = new AtomicInteger();
    private final AtomicInteger nextId = new AtomicInteger();
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;
    private URI baseUrl;

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/artifacts", this::handle);
        server.start();
        baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/artifacts/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            boolean upload = exchange.getRequestMethod().equals("POST");
            // like the orchestrator: uploads take the work's grant (or, in older tests, the token), downloads the token
            if (!("Bearer " + TOKEN).equals(authorization) && !(upload && ("Bearer " + GRANT).equals(authorization))) {
                respond(exchange, 401, "{\"message\":\"a bearer token is required\"}");
            } else if (exchange.getRequestMethod().equals("POST")) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String checksum = HttpArtifactStore.sha256(body);
                if (!checksum.equals(exchange.getRequestHeaders().getFirst(HttpArtifactStore.CHECKSUM_HEADER))
                        || !"application/octet-stream".equals(exchange.getRequestHeaders().getFirst("Content-Type"))
                        || !exchange.getRequestURI().getQuery().startsWith("experiment=exp 1&role=body")) {
                    respond(exchange, 400, "{\"message\":\"bad upload\"}");
                    return;
                }
                String id = "art-" + nextId.incrementAndGet();
                stored.put(id, body);
                announced.put(id, checksum);
                respond(exchange, 201, "{\"id\":\"" + id + "\",\"sha256\":\"" + checksum + "\",\"size\":" + body.length + "}");
            } else {
                String id = exchange.getRequestURI().getPath().substring("/api/artifacts/".length());
                byte[] body = stored.get(id);
                if (body == null) {
                    respond(exchange, 404, "{\"message\":\"no artifact " + id + "\"}");
                    return;
                }
                downloads.incrementAndGet();
                exchange.getResponseHeaders().add(HttpArtifactStore.CHECKSUM_HEADER, announced.get(id));
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private HttpArtifactStore store(String cache, Optional<String> token) {
        return new HttpArtifactStore(baseUrl, dir.resolve(cache), token, client);
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void published_artifact_downloads_on_another_node_then_comes_from_the_cache() throws IOException {
        byte[] content = "pretrained body weights".repeat(1000).getBytes(StandardCharsets.UTF_8);
        String id = store("cache-a", Optional.of(TOKEN)).publish("exp 1", ArtifactRole.BODY, file("body.zip", content));
        assertEquals(content.length, stored.get(id).length);

        HttpArtifactStore otherNode = store("cache-b", Optional.of(TOKEN));
        Path fetched = otherNode.fetch(id);
        assertArrayEquals(content, Files.readAllBytes(fetched));
        assertEquals(1, downloads.get());

        assertEquals(fetched, otherNode.fetch(id));
        assertEquals(1, downloads.get(), "the second fetch is a cache hit");
    }

    @Test
    void the_publishing_node_keeps_its_own_upload_in_the_cache() throws IOException {
        HttpArtifactStore store = store("cache", Optional.of(TOKEN));
        String id = store.publish("exp 1", ArtifactRole.BODY, file("body.zip", new byte[] {1, 2, 3}));

        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(store.fetch(id)));
        assertEquals(0, downloads.get());
    }

    @Test
    void a_download_whose_checksum_does_not_match_is_refused_and_not_cached() throws IOException {
        stored.put("art-bad", new byte[] {1, 2, 3});
        announced.put("art-bad", HttpArtifactStore.sha256(new byte[] {1, 2, 4}));
        HttpArtifactStore store = store("cache", Optional.of(TOKEN));

        IOException e = assertThrows(IOException.class, () -> store.fetch("art-bad"));
        assertTrue(e.getMessage().contains("'art-bad'") && e.getMessage().contains("corrupt"), e.getMessage());
        try (var files = Files.list(dir.resolve("cache"))) {
            assertEquals(0, files.count(), "nothing left in the cache");
        }
    }

    @Test
    void uploads_carry_the_work_items_grant_and_downloads_the_workers_token() throws IOException {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.removeContext("/api/artifacts");
        server.createContext("/api/artifacts", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            handle(exchange);
        });
        HttpArtifactStore store = new HttpArtifactStore(baseUrl, dir.resolve("cache"), Optional.of(TOKEN), Optional.of(GRANT), client);
        String id = store.publish("exp 1", ArtifactRole.BODY, file("body.zip", new byte[] {1, 2}));
        new HttpArtifactStore(baseUrl, dir.resolve("other-node"), Optional.of(TOKEN), Optional.of(GRANT), client).fetch(id);
        assertEquals(java.util.List.of("POST Bearer " + GRANT, "GET Bearer " + TOKEN), seen);
    }

    @Test
    void an_unknown_artifact_fails_naming_the_artifact_and_the_status() {
        IOException e = assertThrows(IOException.class, () -> store("cache", Optional.of(TOKEN)).fetch("art-404"));
        assertTrue(e.getMessage().contains("'art-404'") && e.getMessage().contains("HTTP 404"), e.getMessage());
        assertTrue(e.getMessage().contains("no artifact art-404"), "the store's own message is kept: " + e.getMessage());
    }

    @Test
    void without_the_token_the_store_refuses_and_the_error_says_so() throws IOException {
        Path body = file("body.zip", new byte[] {9});
        IOException e = assertThrows(IOException.class, () -> store("cache", Optional.empty()).publish("exp 1", ArtifactRole.BODY, body));
        assertTrue(e.getMessage().contains("body artifact of experiment exp 1") && e.getMessage().contains("HTTP 401"),
                e.getMessage());
    }

    @Test
    void an_unreachable_store_fails_naming_the_artifact() throws IOException {
        server.stop(0);
        IOException e = assertThrows(IOException.class, () -> store("cache", Optional.of(TOKEN)).fetch("art-1"));
        assertTrue(e.getMessage().contains("'art-1'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void ids_that_are_not_plain_file_names_are_hashed_for_the_cache() {
        assertEquals("art-17", HttpArtifactStore.cacheName("art-17"));
        assertTrue(HttpArtifactStore.cacheName("../etc/passwd").startsWith("id-"));
        assertTrue(HttpArtifactStore.cacheName("download-1.part").startsWith("id-"));
    }
}
