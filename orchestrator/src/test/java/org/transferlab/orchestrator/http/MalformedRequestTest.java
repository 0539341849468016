package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.OnTestLab;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ApiError;

/** Requests that Pekko HTTP refuses before routing still get a JSON error that names the problem (found by ApiFuzzTest). */
class MalformedRequestTest extends OnTestLab {

    @Test
    void a_request_target_that_is_not_a_uri_gets_a_json_400() throws Exception {
        String[] reply = raw("GET /api/experiments/%ZZ/trials HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertJsonError(reply, 400, "request-target");
    }

    @Test
    void a_uri_over_the_length_limit_gets_a_json_414() throws Exception {
        String[] reply = raw("GET /api/experiments?kind=" + "x".repeat(5_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertJsonError(reply, 414, "URI length");
    }

    private static void assertJsonError(String[] reply, int status, String mentions) {
        assertTrue(reply[0].startsWith("HTTP/1.1 " + status), reply[0]);
        assertTrue(reply[0].toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), reply[0]);
        ApiError error = Json.read(reply[1], ApiError.class);
        assertEquals(status, error.status());
        assertTrue(error.message().contains(mentions), error.message());
    }

    /** Head and body of the reply to a request written by hand (the HTTP client refuses to send these). */
    private String[] raw(String request) throws IOException {
        URI api = URI.create(lab.orchestrator.url());
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = reply.indexOf("\r\n\r\n");
            return new String[] {reply.substring(0, split), reply.substring(split + 4)};
        }
    }
}
