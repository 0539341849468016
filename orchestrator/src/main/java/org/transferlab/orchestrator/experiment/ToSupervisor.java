package org.transferlab.orchestrator.experiment;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.transferlab.protocol.work.WorkItem;

/**
 * What an experiment actor asks of the supervisor that spawned it. The experiment owns this
 * protocol and the supervisor adapts it into its own, so the dependency runs one way (the
 * supervisor knows experiments; an experiment knows only this).
 */
public sealed interface ToSupervisor {

    /** Queue a unit of work; {@code owner} hears of its start and its reports. */
    record Enqueue(WorkItem work, ActorRef<ExperimentActor.Command> owner) implements ToSupervisor {}

    /**
     * Take attempts back: each one still queued is removed and its owner hears
     * {@link ExperimentActor.WorkWithdrawn}; each one running has its slot told to stop after the
     * current epoch. All attempts an experiment takes back at once (a spent wall-clock budget, a
     * pause) travel in one message, so they are taken back in one step: a slot told to stop can
     * never ask for work, and be handed a sibling that was being withdrawn, in between.
     */
    record StopWork(List<String> workIds, String reason) implements ToSupervisor {
        public StopWork {
            workIds = List.copyOf(workIds);
        }
    }

    /**
     * The experiment was rebuilt from the store (after a store failure): its queued work is
     * dropped and its running work cancelled, since the rebuilt actor queues its trials afresh.
     */
    record ForgetWork(String experimentId) implements ToSupervisor {}

    /** The experiment ended: drop its queued work and cancel its running work. */
    record ExperimentEnded(String experimentId) implements ToSupervisor {}
}
