package org.transferlab.orchestrator.http;

import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.spec.FieldError;
import org.transferlab.protocol.view.ApiError;

/** JSON responses, written with the one shared ObjectMapper. */
final class Responses {

    private Responses() {}

    static HttpResponse json(StatusCode status, Object body) {
        return HttpResponse.create().withStatus(status)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.write(body)));
    }

    static HttpResponse ok(Object body) {
        return json(StatusCodes.OK, body);
    }

    static HttpResponse error(StatusCode status, String message) {
        return error(status, message, null);
    }

    static HttpResponse error(StatusCode status, String message, List<FieldError> fields) {
        return json(status, new ApiError(status.intValue(), status.reason(), message, fields));
    }

    /** A control request's answer: 202 {id, status}, or the 404/409 error it was refused with. */
    static HttpResponse control(org.transferlab.orchestrator.experiment.ControlReply reply) {
        return switch (reply.outcome()) {
            case ACCEPTED -> json(StatusCodes.ACCEPTED, java.util.Map.of("id", reply.id(), "status", reply.status()));
            case NOT_FOUND -> error(StatusCodes.NOT_FOUND, reply.message());
            case CONFLICT -> error(StatusCodes.CONFLICT, reply.message());
        };
    }

    static HttpResponse notFound(String what) {
        return error(StatusCodes.NOT_FOUND, what + " does not exist");
    }
}
