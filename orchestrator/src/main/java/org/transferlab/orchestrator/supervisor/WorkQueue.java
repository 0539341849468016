package org.transferlab.orchestrator.supervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transferlab.protocol.work.WorkItem;

/**
 * The lab's work and the slots that run it: queued work oldest first, the slots known and which of
 * them are idle, and which attempt runs where. Exists so that matching work with slots (a slot
 * asking for a kind of device, work withdrawn before it starts, work lost with its slot) is plain
 * bookkeeping, tested without actors; the supervisor only turns its answers into messages.
 *
 * <p>Workers pull: an idle slot stays parked here until work exists, so nothing is pushed to a
 * busy slot. Work that asks for a kind of slot waits for one while later work may take the idle
 * slots it cannot use.
 *
 * @param <O> who is told about a unit of work (its experiment)
 * @param <S> how a slot is reached
 */
final class WorkQueue<O, S> {

    /** A worker slot: its id, node, device ({@code cpu}, {@code cuda:0}, ...) and how it is reached. */
    record Slot<S>(String id, String node, String device, S handle) {}

    /** Work waiting for a slot, with the experiment it belongs to. */
    record Queued<O>(WorkItem work, O owner) {}

    /** Work handed to a slot. */
    record Running<O, S>(WorkItem work, O owner, Slot<S> slot) {}

    private final Deque<Queued<O>> queue = new ArrayDeque<>();
    private final Map<String, Slot<S>> slots = new LinkedHashMap<>();
    /** Idle slots as they asked for work, in the order they asked. */
    private final Map<String, Slot<S>> idle = new LinkedHashMap<>();
    private final Map<String, Running<O, S>> running = new HashMap<>();

    /** Adds a slot the first time it asks; false when it was known. */
    boolean join(Slot<S> slot) {
        return slots.putIfAbsent(slot.id(), slot) == null;
    }

    /**
     * The slot asks for work, so it is idle: anything thought to run on it is lost and returned
     * (no longer running). Work is handed to the slot as it asked (its latest address and device).
     */
    List<Running<O, S>> idle(Slot<S> asking) {
        List<Running<O, S>> lost = removeRunningOn(asking.id());
        idle.put(asking.id(), asking);
        return lost;
    }

    /** The slot as it first joined, while it is known. */
    Optional<Slot<S>> slot(String slotId) {
        return Optional.ofNullable(slots.get(slotId));
    }

    /** The slot left the cluster: it is forgotten, and what ran on it is returned (no longer running). */
    List<Running<O, S>> leave(String slotId) {
        slots.remove(slotId);
        idle.remove(slotId);
        return removeRunningOn(slotId);
    }

    private List<Running<O, S>> removeRunningOn(String slotId) {
        List<Running<O, S>> on = running.values().stream().filter(r -> r.slot().id().equals(slotId)).toList();
        on.forEach(r -> running.remove(r.work().workId()));
        return on;
    }

    void enqueue(WorkItem work, O owner) {
        queue.addLast(new Queued<>(work, owner));
    }

    /** Work a slot did not start goes back to the head of the queue: it was next before. */
    void requeueFirst(Running<O, S> r) {
        queue.addFirst(new Queued<>(r.work(), r.owner()));
    }

    /**
     * Hands queued work to idle slots, oldest work first, each to the first idle slot that
     * {@link #fits} it; returns what was handed out (now running).
     */
    List<Running<O, S>> assign() {
        List<Running<O, S>> assigned = new ArrayList<>();
        Iterator<Queued<O>> waiting = queue.iterator();
        while (waiting.hasNext() && !idle.isEmpty()) {
            Queued<O> q = waiting.next();
            Optional<Slot<S>> fitting = idle.values().stream().filter(s -> fits(q.work(), s.device())).findFirst();
            if (fitting.isEmpty()) {
                continue;
            }
            waiting.remove();
            idle.remove(fitting.get().id());
            Running<O, S> r = new Running<>(q.work(), q.owner(), fitting.get());
            running.put(q.work().workId(), r);
            assigned.add(r);
        }
        return assigned;
    }

    /** Takes queued work out of the queue before any slot got it; empty when it is not queued. */
    Optional<Queued<O>> withdraw(String workId) {
        Iterator<Queued<O>> it = queue.iterator();
        while (it.hasNext()) {
            Queued<O> q = it.next();
            if (q.work().workId().equals(workId)) {
                it.remove();
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }

    Optional<Running<O, S>> running(String workId) {
        return Optional.ofNullable(running.get(workId));
    }

    /** The work ended on its slot (finished, failed or refused): it no longer runs. */
    Optional<Running<O, S>> finish(String workId) {
        return Optional.ofNullable(running.remove(workId));
    }

    /** Drops an experiment's queued work, and returns its running work (no longer running), to be cancelled. */
    List<Running<O, S>> drop(String experimentId) {
        queue.removeIf(q -> q.work().experimentId().equals(experimentId));
        List<Running<O, S>> dropped = running.values().stream().filter(r -> r.work().experimentId().equals(experimentId)).toList();
        dropped.forEach(r -> running.remove(r.work().workId()));
        return dropped;
    }

    /** The slots known, in the order they joined. */
    Collection<Slot<S>> slots() {
        return List.copyOf(slots.values());
    }

    Optional<Running<O, S>> runningOn(String slotId) {
        return running.values().stream().filter(r -> r.slot().id().equals(slotId)).findFirst();
    }

    int queued() {
        return queue.size();
    }

    int runningCount() {
        return running.size();
    }

    int slotCount() {
        return slots.size();
    }

    int idleCount() {
        return idle.size();
    }

    /**
     * Whether a slot on {@code slotDevice} ({@code cpu}, {@code cuda:0}, ...) may run this work: a
     * {@code device} parameter of {@code gpu} (or {@code cuda}) needs a GPU slot, {@code cpu} a CPU
     * slot; without one (or {@code any}) every slot fits.
     */
    static boolean fits(WorkItem work, String slotDevice) {
        String wanted = work.config().device();
        if (wanted.equals("any")) {
            return true;
        }
        boolean gpuSlot = slotDevice.startsWith("cuda");
        boolean wantsGpu = wanted.equals("gpu") || wanted.startsWith("cuda");
        return wantsGpu == gpuSlot;
    }
}
