package org.transferlab.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.cluster.WorkerProtocol.AssignWork;
import org.transferlab.protocol.cluster.WorkerProtocol.CancelWork;
import org.transferlab.protocol.cluster.WorkerProtocol.Decision;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCompleted;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportFailed;
import org.transferlab.protocol.cluster.WorkerProtocol.RejectWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportCheckpoint;
import org.transferlab.protocol.cluster.WorkerProtocol.ReportProgress;
import org.transferlab.protocol.cluster.WorkerProtocol.RequestWork;
import org.transferlab.protocol.cluster.WorkerProtocol.ToOrchestrator;
import org.transferlab.protocol.cluster.WorkerProtocol.ToSlot;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.spec.DistillMethod;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;
import org.transferlab.workers.slot.Slot;

/** Every orchestrator ⇄ worker message survives the wire format the cluster uses. */
class WorkerProtocolSerializationTest {

    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));

    @AfterAll
    static void shutDown() {
        testKit.shutdownTestKit();
    }

    private static Object roundTrip(Object message) {
        Serializer serializer = serialization.findSerializerFor(message);
        assertInstanceOf(JacksonCborSerializer.class, serializer, message.getClass().getSimpleName() + " is CBOR");
        byte[] bytes = serialization.serialize(message).get();
        String manifest = Serializers.manifestFor(serializer, message);
        return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    }

    private static void assertRoundTrips(Object message) {
        assertEquals(message, roundTrip(message));
    }

    /**
     * A student's work with the attention example's spec (a declared conv teacher, attention pairs) and a
     * config carrying {@code distillation}: FitNet hints or attention pairs travel as typed settings.
     */
    private static WorkItem student(TrialConfig.Distillation distillation) {
        ExperimentSpec spec;
        try {
            spec = SpecCodec.parse(Files.readString(Path.of("..", "examples", "mnist-distillation-attention.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WorkItem("w-3", "exp-1", "trial-3", StageKind.STUDENT, spec,
                new TrialConfig(3, 16, 0.01, 0.01, 0, 0, 7, 100, "any", distillation, null, null, null),
                Map.of("teacher", "art-5"), null, "http://127.0.0.1:8080/api/artifacts");
    }

    /** A student of a width sweep, its config resolved as the orchestrator does. */
    private static WorkItem widened(double width) {
        WorkItem student = student(new TrialConfig.Distillation(4, 0.9, 0.1));
        TrialConfig config = TrialConfig.resolve(student.spec(), org.transferlab.protocol.work.TrialStage.STUDENT,
                Map.of("width", width, "temperature", 2.0), 7);
        return new WorkItem(student.workId(), student.experimentId(), student.trialId(), StageKind.STUDENT, student.spec(), config,
                student.inputs(), null, student.artifactBaseUrl());
    }

    @Test
    void every_worker_protocol_message_round_trips_through_jackson_cbor() {
        var slot = testKit.createTestProbe(ToSlot.class).ref();
        TrialConfig config = new TrialConfig(3, 16, 0.01, 0.001, 2, 1, 1007, 0, "gpu",
                new TrialConfig.Distillation(4, 0.9, 0.1), 2, 0.5, new TrialConfig.Synthetic(0.1, 0.2, 5));
        WorkItem work = new WorkItem("w-1", "exp-1", "trial-1", StageKind.FINETUNE, WorkItems.syntheticSpec(),
                config, Map.of("body", "art-17"), "ckpt-3", "http://127.0.0.1:8080/api/artifacts");

        for (Object message : List.of(
                new RequestWork("slot-0@node", "node", "cuda:0", slot),
                new ReportProgress("w-1", "slot-0@node", 3, Map.of("val_accuracy", 0.91, "val_loss", 0.09),
                        1_764_000_000_000L, slot),
                new ReportCompleted("w-1", "slot-0@node",
                        new WorkResult(Map.of("val_accuracy", 0.93), Map.of("model", "art-18"), true)),
                new ReportFailed("w-1", "slot-0@node", "IOException: artifact 'art-17': HTTP 404"),
                new ReportCheckpoint("w-1", "slot-0@node", 4, "art-19"),
                new RejectWork("w-2", "slot-0@node", "busy"),
                new AssignWork(work),
                new AssignWork(work.withUploadGrant("upl_0123456789abcdef")),
                new AssignWork(WorkItems.synthetic("w-2", 3, 0)),
                new AssignWork(student(new TrialConfig.Distillation(4, 0.9, 0.1, false, true,
                        DistillMethod.FITNET, new TrialConfig.Hints("body-1", "body-0-pool", 5, 1e-3), null, null))),
                new AssignWork(student(new TrialConfig.Distillation(4, 0.9, 0.1, false, true,
                        DistillMethod.ATTENTION, null, new TrialConfig.Attention(List.of(new TrialConfig.VertexPair("body-0", "body-0"),
                                new TrialConfig.VertexPair("body-1-pool", "body-1-pool")), 1000, 2), null))),
                new AssignWork(widened(0.5)),
                new Decision("w-1", true, "ASHA: bottom two thirds at rung 1"),
                new CancelWork("w-1", "experiment cancelled"))) {
            assertRoundTrips(message);
        }
        assertEquals(0.5, ((AssignWork) roundTrip(new AssignWork(widened(0.5)))).work().config().width(),
                "a student's width reaches the worker");
        AssignWork granted = (AssignWork) roundTrip(new AssignWork(work.withUploadGrant("upl_0123456789abcdef")));
        assertEquals("upl_0123456789abcdef", granted.work().uploadGrant(), "the upload grant reaches the worker");
        org.junit.jupiter.api.Assertions.assertFalse(granted.work().toString().contains("upl_"), "and stays out of logs");
    }

    @Test
    void a_slots_reply_address_still_reaches_the_slot_after_the_round_trip() {
        TestProbe<ToOrchestrator> orchestrator = testKit.createTestProbe(ToOrchestrator.class);
        WorkerSettings settings = WorkerSettings.from(testKit.system().settings().config());
        var slot = testKit.spawn(Slot.create(new Slot.Identity("slot-0@wire", "wire", "cpu"), settings,
                WorkItems.noArtifacts()));
        slot.tell(new Slot.UseOrchestrator(Optional.of(orchestrator.ref())));
        RequestWork request = orchestrator.expectMessageClass(RequestWork.class);

        RequestWork received = (RequestWork) roundTrip(request);
        received.replyTo().tell((AssignWork) roundTrip(new AssignWork(WorkItems.synthetic("w-wire", 1, 0))));

        ReportProgress progress = (ReportProgress) roundTrip(orchestrator.expectMessageClass(ReportProgress.class));
        assertEquals("w-wire", progress.workId());
        assertEquals(request.replyTo(), progress.replyTo());
        assertEquals("w-wire", ((ReportCompleted) roundTrip(orchestrator.expectMessageClass(ReportCompleted.class))).workId());
    }
}
