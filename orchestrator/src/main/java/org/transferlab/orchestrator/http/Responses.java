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

    static HttpResponse notFound(String what) {
        return error(StatusCodes.NOT_FOUND, what + " does not exist");
    }
}
