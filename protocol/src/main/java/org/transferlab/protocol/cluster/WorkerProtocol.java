package org.transferlab.protocol.cluster;

import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Orchestrator ⇄ worker messages. Workers pull: an idle slot sends {@link RequestWork} and the
 * orchestrator answers with {@link AssignWork} when it has something (it parks the request until
 * then). Progress goes up as {@link ReportProgress}; each one is answered with a {@link Decision}.
 */
public final class WorkerProtocol {

    /** The orchestrator's work dispatcher registers under this key; workers subscribe to it. */
    public static final ServiceKey<ToOrchestrator> ORCHESTRATOR_KEY =
            ServiceKey.create(ToOrchestrator.class, "transferlab-orchestrator");

    private WorkerProtocol() {}

    /** Messages a worker slot sends to the orchestrator (its supervisor adapts them into its own protocol). */
    public sealed interface ToOrchestrator
            permits RequestWork, ReportProgress, ReportCompleted, ReportCheckpoint, RejectWork, ReportFailed {}

    /** Messages the orchestrator sends to a worker slot. */
    public interface ToSlot {}

    /** An idle slot asks for work. {@code device} is e.g. {@code cpu} or {@code cuda:0}. */
    public record RequestWork(String slotId, String node, String device, ActorRef<ToSlot> replyTo)
            implements ToOrchestrator, ClusterMessage {}

    /** Metrics of one finished epoch of a running unit of work. */
    public record ReportProgress(
            String workId, String slotId, int epoch, Map<String, Double> metrics, long time, ActorRef<ToSlot> replyTo)
            implements ToOrchestrator, ClusterMessage {}

    /** A unit of work finished (normally or after a stop request). */
    public record ReportCompleted(String workId, String slotId, WorkResult result)
            implements ToOrchestrator, ClusterMessage {}

    /**
     * The running work published a resumable checkpoint after {@code epoch}; the orchestrator records
     * it so the trial can resume from there on another slot if this one dies.
     */
    public record ReportCheckpoint(String workId, String slotId, int epoch, String artifactId)
            implements ToOrchestrator, ClusterMessage {}

    /** The slot did not start this work (it was busy); queue it again, it is not a failure. */
    public record RejectWork(String workId, String slotId, String reason)
            implements ToOrchestrator, ClusterMessage {}

    /** A unit of work failed; {@code error} says why in words a person can act on. */
    public record ReportFailed(String workId, String slotId, String error)
            implements ToOrchestrator, ClusterMessage {}

    /** Run this. */
    public record AssignWork(WorkItem work) implements ToSlot, ClusterMessage {}

    /** The scheduler's answer to a progress report: go on, or stop after this epoch. */
    public record Decision(String workId, boolean stop, String reason) implements ToSlot, ClusterMessage {}

    /** Abandon this work (experiment cancelled); the slot reports nothing more for it. */
    public record CancelWork(String workId, String reason) implements ToSlot, ClusterMessage {}
}
