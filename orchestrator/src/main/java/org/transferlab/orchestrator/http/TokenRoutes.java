package org.transferlab.orchestrator.http;

import java.util.Map;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.TokenView;
import org.transferlab.protocol.view.WhoAmI;

/** {@code /api/tokens} (admin only): create, list and revoke bearer tokens; {@code /api/whoami}. */
final class TokenRoutes extends RouteSupport {

    /** Body of {@code POST /api/tokens}. */
    record NewToken(String name, String role) {}

    private static final long MAX_BODY = 4096;

    TokenRoutes(Context context) {
        super(context);
    }

    void register(RouteTable table) {
        table.tag("tokens");
        table.get("/api/whoami").summary("The caller's token name and role (anonymous without one); 401 for an unknown token")
                .access(RouteTable.Access.PUBLIC).returns(WhoAmI.class).also(401, "the token is unknown or revoked")
                .handle(this::whoami);
        table.get("/api/tokens").summary("Every token (never the secret), revoked ones included").access(RouteTable.Access.ADMIN)
                .returnsList(TokenView.class).handle(() -> readJson(access::list));
        table.post("/api/tokens").summary("Create a token {name, role: admin|write|read}; the reply is the only time its secret is shown")
                .access(RouteTable.Access.ADMIN).body(NewToken.class, "application/json").returns(TokenView.class).status(201)
                .also(400, "malformed JSON, no name, or an unknown role").also(413, "body over 4 KiB")
                .handle(this::create);
        table.delete("/api/tokens/{id}").summary("Revoke a token; it stops working at once").access(RouteTable.Access.ADMIN)
                .also(409, "the orchestrator's own token cannot be revoked through the API").handle(p -> revoke(p.getFirst()));
    }

    private Route whoami() {
        return optionalHeaderValueByName("Authorization", header -> {
            if (header.isEmpty()) {
                return complete(Responses.ok(new WhoAmI("anonymous", "none", access.readsNeedToken())));
            }
            var caller = access.authenticate(header);
            if (caller.isEmpty()) {
                return complete(Responses.error(StatusCodes.UNAUTHORIZED,
                        "the bearer token is unknown or revoked; ask the lab's admin for a new one"));
            }
            return complete(Responses.ok(new WhoAmI(caller.get().name(), caller.get().role().wire(), access.readsNeedToken())));
        });
    }

    private Route create() {
        return withSizeLimit(MAX_BODY, () -> entity(Unmarshaller.entityToString(), text -> {
            NewToken request;
            try {
                request = Json.read(text, NewToken.class);
            } catch (IllegalArgumentException e) {
                return complete(Responses.error(StatusCodes.BAD_REQUEST,
                        "the body must be JSON like {\"name\": \"alice-laptop\", \"role\": \"read\"}: " + e.getMessage()));
            }
            if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > 100) {
                return complete(Responses.error(StatusCodes.BAD_REQUEST, "name is required (1-100 characters), e.g. {\"name\": \"alice-laptop\", \"role\": \"read\"}"));
            }
            var role = AccessControl.Role.parse(request.role() == null ? "read" : request.role());
            if (role.isEmpty()) {
                return complete(Responses.error(StatusCodes.BAD_REQUEST, "role must be admin, write or read, was '" + request.role() + "'"));
            }
            return completeWithFuture(offThread(() -> Responses.json(StatusCodes.CREATED, access.create(request.name().strip(), role.get()))));
        }));
    }

    private Route revoke(String id) {
        return completeWithFuture(offThread(() -> switch (access.revoke(id)) {
            case REVOKED -> Responses.ok(Map.of("id", id, "revoked", true));
            case UNKNOWN -> Responses.notFound("active token " + id);
            case OWN_TOKEN -> Responses.error(StatusCodes.CONFLICT, "token " + id + " is the orchestrator's own (its workers and the "
                    + "local tlab use it); to rotate it delete data-dir/api-token or change TLAB_TOKEN and restart");
        }));
    }
}
