package org.transferlab.orchestrator.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The orchestrator's own admin token: configured ({@code TLAB_TOKEN}), or generated on first start
 * and kept in {@code data-dir/api-token} (created owner-only) as a convenience for the local {@code
 * tlab} command and the in-process workers and dashboard of {@code tlab standalone}. It is never
 * printed whole (output and logs name the file and its last four characters). The server checks
 * tokens only against the hashes in the store ({@link AccessControl}); delete the file and restart
 * to rotate it: the new token replaces the old, which stops working.
 */
public final class ApiToken {

    public static final String FILE_NAME = "api-token";
    private final byte[] token;

    private ApiToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public static ApiToken of(String token) {
        return new ApiToken(token);
    }

    /** The configured token, else the one stored under {@code dataDir}, else a new one written there. */
    public static ApiToken resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return new ApiToken(configured.strip());
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return new ApiToken(Files.readString(file).strip());
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = "tlab_" + HexFormat.of().formatHex(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, token + "\n");
            System.out.println("TransferLab generated a new admin token " + hint(token) + "; it is in " + file
                    + " (owner-only; the local tlab command reads it there). Earlier local tokens no longer work.");
            return new ApiToken(token);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the API token file " + file + ": " + e.getMessage(), e);
        }
    }

    /** How a token may be named in output and logs: its last four characters, never more. */
    public static String hint(String token) {
        return "ending in ..." + (token.length() <= 8 ? "" : token.substring(token.length() - 4));
    }

    public String value() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** Constant-time check of an {@code Authorization} header value. */
    public boolean accepts(Optional<String> authorization) {
        return authorization
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> MessageDigest.isEqual(h.substring(7).strip().getBytes(StandardCharsets.UTF_8), token))
                .orElse(false);
    }
}
