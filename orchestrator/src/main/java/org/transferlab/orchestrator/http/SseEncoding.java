package org.transferlab.orchestrator.http;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.pekko.util.ByteString;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.LabEvent;

/**
 * Encodes each event once, as the bytes of one server-sent event ({@code id}, {@code event},
 * {@code data} lines), for all the streams that carry it. A hundred dashboards on one experiment
 * would otherwise write the same JSON a hundred times; here the first stream to send an event
 * encodes it and the others find it in a small ring indexed by sequence number. A miss (an old
 * event replayed, or an entry overwritten) just encodes again. The JSON has no line breaks, so one
 * {@code data} line carries it.
 */
final class SseEncoding {

    /** An SSE comment: keeps idle connections open through proxies; clients ignore it. */
    static final ByteString HEARTBEAT = ByteString.fromString(":\n\n");

    private static final int SLOTS = 8192;

    private record Encoded(long seq, ByteString bytes) {}

    private final AtomicReferenceArray<Encoded> recent = new AtomicReferenceArray<>(SLOTS);

    ByteString encode(LabEvent e) {
        int slot = (int) (e.seq() & (SLOTS - 1));
        Encoded cached = recent.get(slot);
        if (cached != null && cached.seq() == e.seq()) {
            return cached.bytes();
        }
        ByteString fresh = ByteString.fromString("id: " + e.seq() + "\nevent: " + e.kind().wire() + "\ndata: " + Json.write(e) + "\n\n");
        recent.set(slot, new Encoded(e.seq(), fresh));
        return fresh;
    }
}
