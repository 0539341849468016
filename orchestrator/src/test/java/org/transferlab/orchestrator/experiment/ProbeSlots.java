package org.transferlab.orchestrator.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.transferlab.orchestrator.TestLab;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.cluster.WorkerProtocol.AssignWork;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCheckpoint;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportFailed;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.cluster.WorkerProtocol.RequestWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ToSlot;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Worker slots played by TestProbes against a real orchestrator: every message the orchestrator
 * sends a slot can be checked, and the test decides what each slot reports back.
 */
final class ProbeSlots {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final TestLab lab;

    ProbeSlots(TestLab lab) {
        this.lab = lab;
    }

    /** A slot that has asked for work. */
    final class ProbeSlot {
        final String name;
        final TestProbe<ToSlot> probe = TestProbe.create(lab.kit.system());

        ProbeSlot(String name) {
            this.name = name;
        }

        ProbeSlot ask() {
            lab.workers().tell(new RequestWork(name, "probe-node", "cpu", probe.getRef()));
            return this;
        }

        WorkItem take() {
            return probe.expectMessageClass(AssignWork.class, WAIT).work();
        }

        Decision progress(WorkItem work, int epoch, double accuracy) {
            lab.workers().tell(new ReportProgress(work.workId(), name, epoch,
                    Map.of("val_accuracy", accuracy, "val_loss", 1 - accuracy), System.currentTimeMillis(), probe.getRef()));
            return probe.expectMessageClass(Decision.class, WAIT);
        }

        void checkpoint(WorkItem work, int epoch, String artifact) {
            lab.workers().tell(new ReportCheckpoint(work.workId(), name, epoch, artifact));
        }

        /** Reports the work finished with these outputs, and asks for the next. */
        void complete(WorkItem work, double accuracy, Map<String, String> artifacts) {
            finish(work, accuracy, artifacts, false);
        }

        void finish(WorkItem work, double accuracy, Map<String, String> artifacts, boolean stoppedEarly) {
            lab.workers().tell(new ReportCompleted(work.workId(), name,
                    new WorkResult(Map.of("val_accuracy", accuracy), artifacts, stoppedEarly)));
            ask();
        }

        /** Reports the work finished with these final and held-out test metrics, and asks for the next. */
        void complete(WorkItem work, Map<String, Double> finalMetrics, Map<String, Double> testMetrics, Map<String, String> artifacts) {
            lab.workers().tell(new ReportCompleted(work.workId(), name, new WorkResult(finalMetrics, artifacts, false, testMetrics, null)));
            ask();
        }

        void fail(WorkItem work, String error) {
            lab.workers().tell(new ReportFailed(work.workId(), name, error));
            ask();
        }

        Decision expectDecision() {
            return probe.expectMessageClass(Decision.class, WAIT);
        }

        void expectNothing() {
            probe.expectNoMessage(Duration.ofMillis(400));
        }
    }

    ProbeSlot slot(String name) {
        return new ProbeSlot(name).ask();
    }

    String submit(String yaml) throws Exception {
        var response = lab.post("/api/experiments", yaml, "test-token");
        assertEquals(201, response.statusCode(), response.body());
        return Json.read(response.body(), SubmitResult.class).id();
    }

    ExperimentView experiment(String id) throws Exception {
        return Json.read(lab.get("/api/experiments/" + id).body(), ExperimentView.class);
    }

    List<TrialView> trials(String id) throws Exception {
        return List.of(Json.mapper().readValue(lab.get("/api/experiments/" + id + "/trials").body(), TrialView[].class));
    }

    TrialView trial(String trialId) throws Exception {
        return Json.read(lab.get("/api/trials/" + trialId).body(), TrialView.class);
    }

    List<LabEvent> events(String id) {
        return lab.orchestrator.store().events().after(id, 0, 10_000);
    }

    List<String> eventTypes(String id) {
        return events(id).stream().map(e -> e.kind().wire()).toList();
    }
}
