package org.transferlab.orchestrator.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ApiError;

/**
 * Answers requests too malformed to reach the routes (a request target that is not a URI, a URI or
 * header over Pekko HTTP's limits) with an {@link ApiError} like every other error, instead of
 * Pekko's plain text. Named by {@code pekko.http.server.parsing.error-handler} in reference.conf;
 * Pekko looks it up as a Scala object ({@code MODULE$}) or builds it with the no-argument constructor.
 */
public final class JsonParsingErrors extends ParsingErrorHandler {

    public static final JsonParsingErrors MODULE$ = new JsonParsingErrors();

    public JsonParsingErrors() {}

    @Override
    public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
        String message = info.formatPretty();
        log.warning("Illegal request, answered {}: {}", status.intValue(), message);
        return HttpResponse.create().withStatus(status.intValue()).withEntity(ContentTypes.APPLICATION_JSON,
                Json.write(new ApiError(status.intValue(), status.reason(), message, null)));
    }
}
