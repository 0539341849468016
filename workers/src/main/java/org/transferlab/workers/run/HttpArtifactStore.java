package org.transferlab.workers.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.workers.WorkerSettings;

/**
 * The orchestrator's artifact store seen from a worker: {@code GET {base}/{id}} to fetch (with the
 * worker's token), {@code POST {base}?experiment=..&role=..} to publish (with the work item's upload
 * grant: the orchestrator takes artifacts only from work a slot is running). Every transfer is checked against a SHA-256 in the
 * {@code X-Sha256} header, so a truncated or corrupted download never reaches training. Downloads
 * land in a local cache by id and are only moved into place once verified, so a cache hit needs no
 * network and a half-written file is never served. Safe to use from several slots at once.
 */
public final class HttpArtifactStore implements ArtifactStore {

    /** Header carrying the hex SHA-256 of a request or response body. */
    public static final String CHECKSUM_HEADER = "X-Sha256";

    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final URI baseUrl;
    private final Path cacheDir;
    private final Optional<String> bearerToken;
    private final Optional<String> uploadGrant;
    private final HttpClient client;

    /**
     * @param baseUrl the store's collection URL, e.g. {@code http://host:8080/api/artifacts}
     * @param cacheDir directory of verified downloads, created when missing
     */
    public HttpArtifactStore(URI baseUrl, Path cacheDir, Optional<String> bearerToken, HttpClient client) {
        this(baseUrl, cacheDir, bearerToken, Optional.empty(), client);
    }

    /**
     * @param bearerToken the worker's token, sent with downloads
     * @param uploadGrant the work item's upload grant, sent with uploads (the orchestrator accepts
     *     uploads only with the grant of work a slot is running); without one, uploads send the token
     */
    public HttpArtifactStore(URI baseUrl, Path cacheDir, Optional<String> bearerToken, Optional<String> uploadGrant,
            HttpClient client) {
        String text = baseUrl.toString();
        this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.cacheDir = cacheDir;
        this.bearerToken = bearerToken;
        this.uploadGrant = uploadGrant.filter(g -> !g.isBlank());
        this.client = client;
    }

    /**
     * The stores a worker node uses: one HTTP client and one cache shared by all slots. A work item
     * without an artifact URL gets a store that refuses every request with a message saying so.
     */
    public static ArtifactStoreFactory factory(WorkerSettings settings) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(settings.artifactConnectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        return work -> {
            if (work.artifactBaseUrl() == null || work.artifactBaseUrl().isBlank()) {
                return new MissingArtifactStore(work.workId());
            }
            return new HttpArtifactStore(URI.create(work.artifactBaseUrl()), settings.cacheDir(), settings.bearerToken(),
                    Optional.ofNullable(work.uploadGrant()), client);
        };
    }

    @Override
    public Path fetch(String artifactId) throws IOException {
        Path cached = cacheDir.resolve(cacheName(artifactId));
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        Files.createDirectories(cacheDir);
        URI uri = URI.create(baseUrl + "/" + encode(artifactId));
        Path partial = Files.createTempFile(cacheDir, "download-", ".part");
        try {
            HttpResponse<Path> response = send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofFile(partial),
                    "fetch artifact '" + artifactId + "'");
            if (response.statusCode() != 200) {
                throw new IOException("cannot fetch artifact '" + artifactId + "' from " + uri + ": HTTP "
                        + response.statusCode() + errorDetail(partial));
            }
            String expected = response.headers().firstValue(CHECKSUM_HEADER).orElseThrow(() -> new IOException(
                    "artifact '" + artifactId + "' from " + uri + " came without an " + CHECKSUM_HEADER + " header"));
            String actual = sha256(partial);
            if (!actual.equalsIgnoreCase(expected.trim())) {
                throw new IOException("artifact '" + artifactId + "' from " + uri + " is corrupt: its SHA-256 is "
                        + actual + " but the store announced " + expected.trim());
            }
            Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return cached;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public String publish(String experimentId, ArtifactRole role, Path file) throws IOException {
        String checksum = sha256(file);
        URI uri = URI.create(baseUrl + "?experiment=" + encode(experimentId) + "&role=" + encode(role.key()));
        HttpRequest.Builder upload = HttpRequest.newBuilder(uri);
        uploadGrant.or(() -> bearerToken).ifPresent(secret -> upload.header("Authorization", "Bearer " + secret));
        HttpRequest request = upload
                .header("Content-Type", "application/octet-stream")
                .header(CHECKSUM_HEADER, checksum)
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        String what = "publish the " + role + " artifact of experiment " + experimentId;
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), what);
        if (response.statusCode() / 100 != 2) {
            throw new IOException("cannot " + what + " to " + baseUrl + ": HTTP " + response.statusCode()
                    + snippet(response.body()));
        }
        JsonNode reply;
        try {
            reply = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IOException("cannot " + what + ": the store answered with malformed JSON" + snippet(response.body()));
        }
        String id = reply.path("id").asText("");
        if (id.isEmpty()) {
            throw new IOException("cannot " + what + ": the store's answer names no artifact id" + snippet(response.body()));
        }
        String stored = reply.path("sha256").asText(checksum);
        if (!stored.equalsIgnoreCase(checksum)) {
            throw new IOException("artifact '" + id + "' was stored with SHA-256 " + stored + " but " + file
                    + " has " + checksum);
        }
        cacheCopy(id, file);
        return id;
    }

    /** What we just uploaded is what a later fetch of the same id on this node would download. */
    private void cacheCopy(String id, Path file) throws IOException {
        Files.createDirectories(cacheDir);
        Path partial = Files.createTempFile(cacheDir, "publish-", ".part");
        try {
            try (var out = Files.newOutputStream(partial)) { // keeps the temporary file's owner-only mode
                Files.copy(file, out);
            }
            Files.move(partial, cacheDir.resolve(cacheName(id)), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        bearerToken.ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what)
            throws IOException {
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while trying to " + what, e);
        } catch (IOException e) {
            throw new IOException("cannot " + what + " at " + request.uri() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    /** Percent-encoding valid in a path segment and a query alike: a space is %20, never '+'. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Plain ids are used as file names; anything else (slashes, dots only) is hashed. */
    static String cacheName(String artifactId) {
        if (PLAIN_ID.matcher(artifactId).matches() && !artifactId.endsWith(".part")) {
            return artifactId;
        }
        return "id-" + sha256(artifactId.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String errorDetail(Path body) throws IOException {
        if (Files.size(body) > 2_000) {
            return "";
        }
        return snippet(new String(Files.readAllBytes(body), StandardCharsets.UTF_8));
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return " (" + (line.length() > 300 ? line.substring(0, 300) + "…" : line) + ")";
    }

    /** The store of a work item that names no artifact URL: any use is a clear error. */
    private record MissingArtifactStore(String workId) implements ArtifactStore {

        @Override
        public Path fetch(String artifactId) throws IOException {
            throw new IOException("cannot fetch artifact '" + artifactId + "': work " + workId
                    + " came without an artifact store URL");
        }

        @Override
        public String publish(String experimentId, ArtifactRole role, Path file) throws IOException {
            throw new IOException("cannot publish the " + role + " artifact of experiment " + experimentId
                    + ": work " + workId + " came without an artifact store URL");
        }
    }
}
