package org.transferlab.orchestrator.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not send: a {@code
 * Host} header of the caller's choosing, as a browser sends after a DNS rebinding.
 */
public final class RawHttp {

    /** Status line code and body of {@code method path} sent to {@code base} with this Host header. */
    public record Reply(int status, String head, String body) {}

    private RawHttp() {}

    public static Reply send(String base, String method, String path, String host, String contentType, String body)
            throws IOException {
        URI uri = URI.create(base);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(20_000);
            // no host: HTTP/1.0 without a Host header, as simple health checks send
            StringBuilder request = new StringBuilder()
                    .append(method).append(' ').append(path).append(host == null ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
            if (host != null) {
                request.append("Host: ").append(host).append("\r\n");
            }
            request.append("Connection: close\r\n");
            if (contentType != null) {
                request.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body != null || !method.equals("GET")) {
                request.append("Content-Length: ").append(bytes.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String rest = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Reply(status, head, head.toLowerCase().contains("transfer-encoding: chunked") ? unchunk(rest) : rest);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(i, eol).strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
