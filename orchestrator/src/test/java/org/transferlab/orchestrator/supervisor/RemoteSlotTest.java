package org.transferlab.orchestrator.supervisor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.OnTestLab;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.cluster.WorkerProtocol;
import org.transferlab.protocol.cluster.WorkerProtocol.AssignWork;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.cluster.WorkerProtocol.RequestWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.protocol.cluster.WorkerProtocol.ToSlot;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * A slot on another cluster node (a second actor system, over Artery on loopback and CBOR) finds
 * the supervisor through the receptionist and runs a trial through it: the message adapter the
 * supervisor registers for worker messages is reachable across the network, and its replies find
 * the remote slot.
 */
class RemoteSlotTest extends OnTestLab {

    static final String ONE_TRIAL = """
            name: remote
            kind: synthetic
            seed: 2
            train: {epochs: 1}
            search:
              algorithm: grid
              trials: 1
              space:
                x: {type: choice, values: [0.1]}
            """;

    ActorTestKit worker;

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            ActorTestKit.shutdown(worker.system(), Duration.ofSeconds(30), true);
        }
    }

    @Test
    void a_slot_on_another_node_is_handed_work_and_its_reports_reach_the_experiment() throws Exception {
        Config config = ConfigFactory.parseString("""
                        pekko.actor.provider = cluster
                        pekko.remote.artery.canonical.hostname = 127.0.0.1
                        pekko.remote.artery.canonical.port = 0
                        pekko.cluster.roles = [worker]
                        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                        pekko.loglevel = WARNING
                        """).withFallback(ConfigFactory.load()).resolve();
        worker = ActorTestKit.create(lab.kit.system().name(), config);
        Cluster cluster = Cluster.get(worker.system());
        cluster.manager().tell(Join.create(Cluster.get(lab.kit.system()).selfMember().address()));
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.selfMember().status() == MemberStatus.up());
        ActorRef<ToOrchestrator> supervisor = await().atMost(Duration.ofSeconds(30)).until(() -> listed(worker), s -> !s.isEmpty())
                .iterator().next();
        assertFalse(supervisor.path().address().equals(worker.system().address()), "the supervisor runs on the other node");

        TestProbe<ToSlot> slot = worker.createTestProbe(ToSlot.class);
        supervisor.tell(new RequestWork("remote-slot", "remote-node", "cpu", slot.getRef()));
        String id = Json.read(lab.post("/api/experiments", ONE_TRIAL, "test-token").body(), SubmitResult.class).id();
        WorkItem work = slot.expectMessageClass(AssignWork.class, Duration.ofSeconds(20)).work();
        supervisor.tell(new ReportProgress(work.workId(), "remote-slot", 1, Map.of("val_accuracy", 0.5), 1, slot.getRef()));
        assertFalse(slot.expectMessageClass(Decision.class, Duration.ofSeconds(20)).stop());
        supervisor.tell(new ReportCompleted(work.workId(), "remote-slot", new WorkResult(Map.of("val_accuracy", 0.5), Map.of(), false)));
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.orchestrator.store().experiments().find(id).orElseThrow().status().terminal());
        assertEquals(ExperimentStatus.COMPLETED, lab.orchestrator.store().experiments().find(id).orElseThrow().status());
    }

    static Set<ActorRef<ToOrchestrator>> listed(ActorTestKit kit) throws Exception {
        return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(kit.system().receptionist(),
                replyTo -> Receptionist.find(WorkerProtocol.ORCHESTRATOR_KEY, replyTo), Duration.ofSeconds(10), kit.system().scheduler())
                .toCompletableFuture().get().getServiceInstances(WorkerProtocol.ORCHESTRATOR_KEY);
    }
}
