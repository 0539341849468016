package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.TestLab;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.TokenView;
import org.transferlab.protocol.view.WhoAmI;

/**
 * The local admin token rotates as the README says (delete {@code api-token}, restart: the old one
 * stops working; the same for a changed {@code TLAB_TOKEN}), token ids say nothing about secrets, and
 * a generated token is never printed whole.
 */
class TokenRotationTest {

    @TempDir
    Path dataDir;

    /** Several labs start and stop in one test: give each the time to leave its cluster on a busy machine. */
    private static final String SHUTDOWN = "pekko.actor.testkit.typed.system-shutdown-default";

    private static TestLab generated(Path dir) {
        return new TestLab(dir, Map.of("transferlab.orchestrator.api-token", "", SHUTDOWN, "60s"));
    }

    private static int whoami(TestLab lab, String token) throws Exception {
        return new ApiCalls(lab.orchestrator.url()).get("/api/whoami", token).statusCode();
    }

    @Test
    void deleting_the_api_token_file_and_restarting_revokes_the_old_token() throws Exception {
        Path file = dataDir.resolve(ApiToken.FILE_NAME);
        String first;
        try (TestLab lab = generated(dataDir)) {
            first = Files.readString(file).strip();
            assertEquals(200, whoami(lab, first));
        }
        try (TestLab lab = generated(dataDir)) {
            assertEquals(200, whoami(lab, first), "a plain restart keeps the token");
        }
        Files.delete(file);
        try (TestLab lab = generated(dataDir)) {
            String second = Files.readString(file).strip();
            assertNotEquals(first, second);
            assertEquals(401, whoami(lab, first), "the rotated-out token no longer works");
            assertEquals(200, whoami(lab, second));
            WhoAmI who = Json.read(new ApiCalls(lab.orchestrator.url()).get("/api/whoami", second).body(), WhoAmI.class);
            assertEquals("admin", who.role());
            List<TokenView> tokens = List.of(Json.read(new ApiCalls(lab.orchestrator.url()).get("/api/tokens", second).body(),
                    TokenView[].class));
            assertEquals(1, tokens.stream().filter(t -> t.name().equals("local admin") && t.revokedAt() == null).count(), tokens.toString());
        }
    }

    @Test
    void changing_the_configured_token_revokes_the_previous_one_but_keeps_tokens_users_created() throws Exception {
        String created;
        try (TestLab lab = new TestLab(dataDir, Map.of("transferlab.orchestrator.api-token", "old-secret", SHUTDOWN, "60s"))) {
            var r = new ApiCalls(lab.orchestrator.url()).call("POST", "/api/tokens", "{\"name\":\"alice\",\"role\":\"write\"}",
                    "application/json", "old-secret");
            created = Json.read(r.body(), TokenView.class).token();
        }
        try (TestLab lab = new TestLab(dataDir, Map.of("transferlab.orchestrator.api-token", "new-secret", SHUTDOWN, "60s"))) {
            assertEquals(401, whoami(lab, "old-secret"));
            assertEquals(200, whoami(lab, "new-secret"));
            assertEquals(200, whoami(lab, created), "a token an admin created is not the local token and stays");
        }
    }

    @Test
    void token_ids_carry_no_part_of_the_secret_or_its_hash() throws Exception {
        try (TestLab lab = new TestLab(dataDir, Map.of())) {
            ApiCalls api = new ApiCalls(lab.orchestrator.url());
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                TokenView t = Json.read(api.call("POST", "/api/tokens", "{\"name\":\"t" + i + "\"}", "application/json",
                        "test-token").body(), TokenView.class);
                String hex = t.id().substring("tok-".length());
                assertTrue(hex.matches("[0-9a-f]{12}"), t.id());
                assertTrue(ids.add(t.id()));
                for (int from = 0; from + 4 <= hex.length(); from++) {
                    String piece = hex.substring(from, from + 4);
                    assertFalse(t.token().startsWith("tlab_" + piece) || AccessControl.hash(t.token()).startsWith(piece),
                            t.id() + " starts like its secret or hash");
                }
                assertFalse(t.token().contains(hex), t.id() + " is part of " + t.token());
                assertFalse(AccessControl.hash(t.token()).contains(hex), t.id() + " is part of the token's hash");
            }
            List<TokenView> listed = List.of(Json.read(api.get("/api/tokens", "test-token").body(), TokenView[].class));
            TokenView local = listed.stream().filter(t -> t.name().equals("local admin")).findFirst().orElseThrow();
            assertFalse(AccessControl.hash("test-token").contains(local.id().substring(4)), local.id());
        }
    }

    @Test
    void a_generated_token_is_never_printed_whole_and_its_file_is_owner_only_from_the_start() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ApiToken token;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            token = ApiToken.resolve("", dataDir.resolve("fresh"));
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        String secret = token.value();
        assertFalse(printed.contains(secret), printed);
        assertFalse(printed.contains(secret.substring(0, 12)), "no prefix either: " + printed);
        assertTrue(printed.contains(dataDir.resolve("fresh").resolve(ApiToken.FILE_NAME).toString()), printed);
        assertTrue(printed.contains(secret.substring(secret.length() - 4)), printed);
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("fresh").resolve(ApiToken.FILE_NAME))));
    }
}
