package org.transferlab.orchestrator.http;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.protocol.view.LabEvent;

/**
 * Server-sent event streams: {@code /api/experiments/{id}/events} and {@code /api/events}. A client
 * first gets every recorded event after its {@code Last-Event-ID} (or all), then live ones; the
 * live subscription is opened before the replay is read so nothing falls in between, and events
 * seen in both are sent once. An experiment's stream ends after its final event.
 */
final class EventRoutes extends RouteSupport {

    private static final int REPLAY_LIMIT = 100_000;
    private static final ContentType EVENT_STREAM = ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM);

    private final LabStore store;
    private final EventLog events;
    private final int buffer;
    private final Duration keepAlive;
    private final SseEncoding encoding = new SseEncoding();
    private final int batch;

    EventRoutes(Context context, LabStore store, EventLog events, int buffer, Duration keepAlive, int batch) {
        super(context);
        this.store = store;
        this.events = events;
        this.buffer = buffer;
        this.keepAlive = keepAlive;
        this.batch = batch;
    }

    void register(RouteTable table) {
        table.tag("events");
        table.get("/api/experiments/{id}/events")
                .summary("Server-sent events of one experiment: recorded ones after Last-Event-ID (or ?after=), then live; ends with the experiment")
                .query("after", "sequence number to resume after (same as the Last-Event-ID header)")
                .media("text/event-stream").returns(LabEvent.class)
                .handle(p -> lastEventId(after -> stream(p.getFirst(), after)));
        table.get("/api/events")
                .summary("Server-sent events of the whole lab: recorded ones after Last-Event-ID (or ?after=), then live")
                .query("after", "sequence number to resume after (same as the Last-Event-ID header)")
                .media("text/event-stream").returns(LabEvent.class)
                .handle(() -> lastEventId(after -> stream(null, after)));
    }

    private Route lastEventId(java.util.function.Function<Long, Route> inner) {
        return optionalHeaderValueByName("Last-Event-ID", header -> parameterOptional("after", param -> {
            Optional<String> raw = header.or(() -> param);
            long after;
            try {
                after = raw.map(Long::parseLong).orElse(0L);
            } catch (NumberFormatException e) {
                return complete(Responses.error(org.apache.pekko.http.javadsl.model.StatusCodes.BAD_REQUEST,
                        "Last-Event-ID / after must be a number, was '" + raw.orElse("") + "'"));
            }
            return inner.apply(after);
        }));
    }

    private Route stream(String experimentId, long after) {
        Pair<BoundedSourceQueue<LabEvent>, Source<LabEvent, NotUsed>> live =
                Source.<LabEvent>queue(buffer).preMaterialize(system);
        EventLog.Subscription subscription = events.subscribe(experimentId, e -> live.first().offer(e));
        Source<Tagged, NotUsed> replay = Source.completionStage(offThread(() -> store.events().after(experimentId, after, REPLAY_LIMIT)))
                .mapConcat(list -> list.stream().map(e -> new Tagged(e, true)).toList());
        Source<LabEvent, NotUsed> merged = replay
                .concat(live.second().map(e -> new Tagged(e, false)))
                .statefulMapConcat(() -> {
                    long[] replayedUpTo = {after};
                    return t -> {
                        if (t.replayed()) {
                            replayedUpTo[0] = Math.max(replayedUpTo[0], t.event().seq());
                            return List.of(t.event());
                        }
                        return t.event().seq() > replayedUpTo[0] ? List.of(t.event()) : List.<LabEvent>of();
                    };
                });
        if (experimentId != null) {
            merged = merged.takeWhile(e -> !e.endsExperiment(), true);
        }
        Source<ByteString, NotUsed> encoded = merged.map(encoding::encode);
        if (batch > 1) {
            // a client that keeps up gets each event at once; one that falls behind gets its backlog in fewer, larger chunks
            encoded = encoded.batch(batch, first -> first, ByteString::concat);
        }
        Source<ByteString, NotUsed> body = encoded
                .keepAlive(keepAlive, () -> SseEncoding.HEARTBEAT)
                .watchTermination((mat, done) -> {
                    done.whenComplete((ok, err) -> {
                        subscription.close();
                        live.first().complete();
                    });
                    return mat;
                });
        return complete(HttpResponse.create()
                .addHeader(RawHeader.create("Cache-Control", "no-cache"))
                .withEntity(HttpEntities.createChunked(EVENT_STREAM, body)));
    }

    private record Tagged(LabEvent event, boolean replayed) {}
}
