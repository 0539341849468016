package org.transferlab.workers.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.cluster.WorkerProtocol;
import org.transferlab.protocol.cluster.WorkerProtocol.AssignWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.cluster.WorkerProtocol.RequestWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.workers.WorkItems;
import org.transferlab.workers.WorkerSettings;
import org.transferlab.workers.Workers;

class WorkerNodeTest {

    private final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
                    transferlab.worker.request-retry = off
                    transferlab.worker.node-name = lab-box
                    transferlab.worker.device = cuda
                    """)
            .withFallback(ConfigFactory.load())
            .resolve());

    @AfterEach
    void shutDown() {
        testKit.shutdownTestKit();
    }

    private void register(TestProbe<ToOrchestrator> orchestrator) {
        TestProbe<Receptionist.Registered> registered = testKit.createTestProbe(Receptionist.Registered.class);
        testKit.system().receptionist().tell(
                Receptionist.register(WorkerProtocol.ORCHESTRATOR_KEY, orchestrator.ref(), registered.ref()));
        registered.expectMessageClass(Receptionist.Registered.class);
    }

    private static Set<String> slotIdsOf(TestProbe<ToOrchestrator> orchestrator, int count) {
        return Stream.generate(() -> orchestrator.expectMessageClass(RequestWork.class))
                .limit(count)
                .map(RequestWork::slotId)
                .collect(Collectors.toSet());
    }

    @Test
    void every_slot_asks_the_orchestrator_once_the_receptionist_lists_one() {
        Workers.start(testKit.system());
        TestProbe<ToOrchestrator> orchestrator = testKit.createTestProbe(ToOrchestrator.class);
        register(orchestrator);

        RequestWork first = orchestrator.expectMessageClass(RequestWork.class);
        RequestWork second = orchestrator.expectMessageClass(RequestWork.class);
        assertEquals(Set.of("slot-0@lab-box", "slot-1@lab-box"), Set.of(first.slotId(), second.slotId()));
        assertEquals("lab-box", first.node());
        assertEquals(Set.of("cuda:0", "cuda:1"), Set.of(first.device(), second.device()));
        orchestrator.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void slots_turn_to_the_new_orchestrator_when_the_old_one_leaves() {
        Workers.start(testKit.system(), WorkerSettings.from(testKit.system().settings().config()).withSlots(1),
                WorkItems.noArtifacts());
        TestProbe<ToOrchestrator> old = testKit.createTestProbe(ToOrchestrator.class);
        register(old);
        old.expectMessageClass(RequestWork.class);

        TestProbe<ToOrchestrator> replacement = testKit.createTestProbe(ToOrchestrator.class);
        testKit.system().receptionist().tell(Receptionist.deregister(WorkerProtocol.ORCHESTRATOR_KEY, old.ref()));
        register(replacement);

        RequestWork request = replacement.expectMessageClass(RequestWork.class);
        assertEquals("slot-0@lab-box", request.slotId());
        request.replyTo().tell(new AssignWork(WorkItems.synthetic("w-node", 2, 0)));
        // the first epoch includes ND4J's first use on the training thread: seconds on a loaded machine
        assertEquals(1, replacement.expectMessageClass(ReportProgress.class, Duration.ofSeconds(30)).epoch());
        assertEquals(2, replacement.expectMessageClass(ReportProgress.class).epoch());
        replacement.expectMessageClass(ReportCompleted.class);
        replacement.expectMessageClass(RequestWork.class);
        old.expectNoMessage(Duration.ofMillis(100));
    }
}
