package org.transferlab.orchestrator.http;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.orchestrator.artifact.ArtifactFiles;
import org.transferlab.orchestrator.data.DatasetsOnDisk;
import org.transferlab.orchestrator.store.ArtifactRecord;
import org.transferlab.orchestrator.experiment.ControlReply;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.supervisor.Supervisor;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.FieldError;
import org.transferlab.protocol.spec.InvalidSpecException;
import org.transferlab.protocol.data.DataSources;
import org.transferlab.protocol.data.WeightsCheck;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.spec.SpecLimits;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.ParetoFront;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.Lineage;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.SpecValidation;
import org.transferlab.protocol.view.SubmitResult;
import org.transferlab.protocol.spec.TransferabilitySpec;
import org.transferlab.protocol.view.TransferabilityView;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * {@code /api/experiments}: submit, list, show, cancel, pause, resume; an experiment's trials, metrics, artifacts,
 * recorded events and export; and {@code /api/specs/validate}, which checks a spec without running it.
 */
final class ExperimentRoutes extends RouteSupport {

    private static final String YAML = "application/yaml";
    private static final int EVENT_PAGE = 10_000;

    private final ActorRef<Supervisor.Command> supervisor;
    private final LabStore store;
    private final long maxSpecBytes;
    private final SpecLimits limits;
    private final Executor specChecks;
    private final TeacherArtifacts teachers;
    private final ArtifactFiles artifacts;
    private final DatasetsOnDisk datasets;

    /**
     * @param specChecks where specs are parsed, validated and planned (transferlab.spec-dispatcher):
     *     never on the HTTP dispatcher, and each check is bounded by {@code maxSpecBytes} and {@code limits}
     * @param artifacts where a submitted spec's datasets from the lab's files ({@code data.sources}) are stored for the workers
     * @param datasets what the workers hold of the bundled datasets, read at each check: a spec that needs more is refused
     */
    ExperimentRoutes(Context context, ActorRef<Supervisor.Command> supervisor, LabStore store, long maxSpecBytes, SpecLimits limits,
            Executor specChecks, ArtifactFiles artifacts, DatasetsOnDisk datasets) {
        super(context);
        this.artifacts = artifacts;
        this.datasets = datasets;
        this.supervisor = supervisor;
        this.store = store;
        this.maxSpecBytes = maxSpecBytes;
        this.limits = limits;
        this.specChecks = specChecks;
        this.teachers = new TeacherArtifacts(store);
    }

    void register(RouteTable table) {
        table.tag("experiments");
        table.get("/api/experiments").summary("Experiments, newest first, with progress and the best value so far")
                .query("status", "only experiments in this status (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED)")
                .query("kind", "only experiments of this kind (finetune, gtl, distillation, synthetic)")
                .returnsList(ExperimentView.class).handle(() -> list());
        table.post("/api/experiments").summary("Submit a spec (YAML or JSON); 400 names each bad field")
                .access(RouteTable.Access.WRITE).body(ExperimentSpec.class, YAML, "application/json")
                .returns(SubmitResult.class).status(201)
                .also(400, "the spec is malformed or invalid; fields[] names each bad field")
                .also(413, "the spec is larger than transferlab.orchestrator.max-spec-bytes")
                .handle(this::submit);
        table.get("/api/experiments/{id}").summary("One experiment with its spec")
                .returns(ExperimentView.class).handle(p -> completeWithFuture(show(p.getFirst())));
        table.get("/api/experiments/{id}/comparison")
                .summary("The method against its automatic baseline: the best configuration on the selection metric, its seeds paired "
                        + "with the baseline's, and the mean paired difference of each metric with its 95 % interval and n")
                .query("metric", "held-out metrics to compare besides the objective, comma-separated (default: every test_* metric "
                        + "the paired trials report)")
                .returns(Comparison.class).also(404, "no such experiment").handle(p -> comparison(p.getFirst()));
        table.get("/api/experiments/{id}/pareto")
                .summary("The trade-off between the spec's objectives: every sweep trial with a value for each objective, its values "
                        + "in objective order and its non-dominated rank (0 = on the Pareto front); one objective gives a one-point front")
                .returns(ParetoFront.class).also(404, "no such experiment").handle(p -> completeWithFuture(pareto(p.getFirst())));
        table.get("/api/experiments/{id}/transferability")
                .summary("The transferability stage's candidate frozen depths, best score first, each with whether the sweep "
                        + "dropped it (transferability.prune); no candidates until the stage completed")
                .returns(TransferabilityView.class).also(404, "no such experiment, or it has no transferability stage")
                .handle(p -> completeWithFuture(offThread(() -> transferability(p.getFirst()))));
        table.get("/api/experiments/{id}/lineage")
                .summary("Population-based training: every exploit in order (trial, epoch, donor, donor epoch and checkpoint, "
                        + "params before and after) and each sweep trial's hyperparameters over time with the trials it took "
                        + "weights from; without pbt each trial has one segment")
                .returns(Lineage.class).also(404, "no such experiment")
                .handle(p -> completeWithFuture(offThread(() -> lineage(p.getFirst()))));
        table.get("/api/experiments/{id}/trials").summary("The experiment's trials, every stage")
                .returnsList(org.transferlab.protocol.view.TrialView.class).handle(p -> readJson(() -> store.trials().ofExperiment(p.getFirst())));
        table.get("/api/experiments/{id}/metrics").summary("Every metric point of every trial of the experiment")
                .returnsList(MetricPoint.class).handle(p -> readJson(() -> store.metrics().ofExperiment(p.getFirst())));
        table.get("/api/experiments/{id}/artifacts").summary("Artifacts the experiment stored (bodies, checkpoints, guide summaries)")
                .returnsList(ArtifactRecord.class).handle(p -> readJson(() -> store.artifacts().ofExperiment(p.getFirst())));
        table.get("/api/experiments/{id}/event-log").summary("Recorded events as JSON, oldest first (the SSE stream's history)")
                .query("after", "only events with a larger sequence number").query("limit", "at most this many (default and maximum 10000)")
                .returnsList(LabEvent.class).handle(p -> eventLog(p.getFirst()));
        table.get("/api/experiments/{id}/export").summary("Trials and metrics as CSV (one row per trial and step) or JSON")
                .requiredQuery("format", "csv or json").media("text/csv")
                .also(400, "format is neither csv nor json").handle(p -> export(p.getFirst()));
        table.post("/api/experiments/{id}/cancel").summary("Cancel a running experiment; what it recorded stays")
                .access(RouteTable.Access.WRITE).status(202).also(409, "the experiment is not running")
                .handle(p -> completeWithFuture(cancel(p.getFirst())));
        table.post("/api/experiments/{id}/pause").summary("Pause: running trials finish, no new ones start; 202 {id, status}")
                .access(RouteTable.Access.WRITE).status(202).also(409, "the experiment is not running")
                .handle(p -> completeWithFuture(control(p.getFirst(), replyTo -> new Supervisor.PauseExperiment(p.getFirst(), replyTo))));
        table.post("/api/experiments/{id}/resume").summary("Resume a paused experiment; 202 {id, status}")
                .access(RouteTable.Access.WRITE).status(202).also(409, "the experiment is not paused")
                .handle(p -> completeWithFuture(control(p.getFirst(), replyTo -> new Supervisor.ResumeExperiment(p.getFirst(), replyTo))));
        table.tag("specs");
        table.post("/api/specs/validate").summary("Check a spec without running it: field errors and the number of trials it plans")
                .body(ExperimentSpec.class, YAML, "application/json").returns(SpecValidation.class)
                .also(413, "the spec is larger than transferlab.orchestrator.max-spec-bytes")
                .handle(this::validate);
    }

    private Route list() {
        return parameterOptional("status", status -> parameterOptional("kind", kind -> readJson(() ->
                store.experiments().list().stream()
                        .filter(e -> status.map(s -> e.status() != null && e.status().name().equalsIgnoreCase(s)).orElse(true))
                        .filter(e -> kind.map(k -> k.equalsIgnoreCase(e.kind())).orElse(true))
                        .toList())));
    }

    // Both spec routes cut the body off at max-spec-bytes before reading it (withSizeLimit wraps the
    // entity stream), then parse, validate and plan on the spec dispatcher. Every step there is
    // bounded: parsing is linear in the (bounded) text, validation is arithmetic on its numbers
    // (a grid's size is a product, never a list), and planning lists at most max-trials configurations.
    private Route submit() {
        return withSizeLimit(maxSpecBytes, () -> entity(Unmarshaller.entityToString(), text ->
                completeWithFuture(CompletableFuture.supplyAsync(() -> check(text, true), specChecks).thenCompose(checked -> {
                    if (checked.spec() == null) {
                        List<FieldError> errors = checked.validation().errors();
                        return CompletableFuture.completedFuture(Responses.error(StatusCodes.BAD_REQUEST, "invalid spec: "
                                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")), errors));
                    }
                    CompletionStage<SubmitResult> reply = AskPattern.ask(supervisor,
                            replyTo -> new Supervisor.SubmitExperiment(checked.spec(), replyTo), askTimeout, system.scheduler());
                    return reply.thenApply(r -> Responses.json(StatusCodes.CREATED, r));
                }))));
    }

    private Route validate() {
        return withSizeLimit(maxSpecBytes, () -> entity(Unmarshaller.entityToString(), text ->
                completeWithFuture(CompletableFuture.supplyAsync(() -> Responses.ok(check(text, false).validation()), specChecks))));
    }

    /** A spec text as submission sees it: the spec when it would be accepted (null otherwise) and the verdict. */
    private record Checked(ExperimentSpec spec, SpecValidation validation) {}

    /**
     * What a submission of this text would meet. The lab's own datasets ({@code data.sources}) are
     * read here, on this machine, and counted; with {@code keep} (a submission) each is stored as
     * one checksummed zip artifact (role {@code dataset}) that the spec then names for the workers,
     * and so is a pretrained-weights file named by {@code model.weights.path} (role {@code pretrained}).
     * Example counts are checked against the bundled datasets as this lab's workers hold them.
     */
    private Checked check(String text, boolean keep) {
        ExperimentSpec spec;
        try {
            spec = SpecCodec.parse(text, limits, raw -> DataSources.resolve(raw, keep ? this::keepDataset : (name, zip, sha) -> null),
                    datasets.read());
        } catch (InvalidSpecException e) {
            return new Checked(null, new SpecValidation(false, e.errors(), null));
        }
        List<FieldError> teacherErrors = teachers.check(spec);
        if (!teacherErrors.isEmpty()) {
            return new Checked(null, new SpecValidation(false, teacherErrors, null));
        }
        List<FieldError> weights = WeightsCheck.errors(spec);
        if (!weights.isEmpty()) {
            return new Checked(null, new SpecValidation(false, weights, null));
        }
        try {
            // the same plan the experiment actor would build: sweep and baseline trials, as the experiment reports them
            int planned = org.transferlab.orchestrator.experiment.plan.Plan.create(spec,
                    SearchStrategy.create(spec.search(), spec.objective(), spec.seed())).plannedTrials();
            return new Checked(spec, new SpecValidation(true, List.of(), planned));
        } catch (RuntimeException e) {
            return new Checked(null, new SpecValidation(false, List.of(new FieldError("search", String.valueOf(e.getMessage()))), null));
        }
    }

    private String keepDataset(String name, java.nio.file.Path zip, String sha256) throws java.io.IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(zip)) {
            return artifacts.put(null, (DataSources.WEIGHTS.equals(name) ? ArtifactRole.WEIGHTS : ArtifactRole.DATASET).key(), in, sha256).id();
        }
    }

    private CompletionStage<HttpResponse> show(String id) {
        return offThread(() -> store.experiments().find(id)
                .map(Responses::ok)
                .orElseGet(() -> Responses.notFound("experiment " + id)));
    }

    private Route comparison(String id) {
        return parameterOptional("metric", metric -> completeWithFuture(offThread(() -> {
            Optional<ExperimentView> experiment = store.experiments().find(id);
            if (experiment.isEmpty()) {
                return Responses.notFound("experiment " + id);
            }
            List<String> heldOut = metric.map(m -> Arrays.stream(m.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList())
                    .orElse(null);
            ExperimentView e = experiment.get();
            return Responses.ok(Comparison.of(store.trials().ofExperiment(id), e.objectiveMetric(), e.objectiveMode(), heldOut));
        })));
    }

    private CompletionStage<HttpResponse> pareto(String id) {
        return offThread(() -> store.experiments().find(id)
                .map(e -> Responses.ok(ParetoFront.of(store.trials().ofExperiment(id), goals(e))))
                .orElseGet(() -> Responses.notFound("experiment " + id)));
    }

    private static List<ObjectiveSpec.Goal> goals(ExperimentView e) {
        return e.spec() != null ? e.spec().objective().goals() : List.of(new ObjectiveSpec.Goal(e.objectiveMetric(), e.objectiveMode()));
    }

    private HttpResponse lineage(String id) {
        if (store.experiments().find(id).isEmpty()) {
            return Responses.notFound("experiment " + id);
        }
        List<TrialView> sweep = store.trials().ofExperiment(id).stream().filter(t -> t.stage().track() == TrialStage.Track.SWEEP).toList();
        return Responses.ok(Lineage.of(id, sweep, store.exploits().ofExperiment(id)));
    }

    private HttpResponse transferability(String id) {
        Optional<ExperimentView> experiment = store.experiments().find(id);
        if (experiment.isEmpty()) {
            return Responses.notFound("experiment " + id);
        }
        TransferabilitySpec spec = experiment.get().spec().withDefaults().transferability();
        if (!spec.enabled()) {
            return Responses.notFound("a transferability stage in experiment " + id);
        }
        Optional<TrialView> stage = store.trials().ofExperiment(id).stream()
                .filter(t -> t.stage() == TrialStage.TRANSFERABILITY).findFirst();
        if (stage.isEmpty()) {
            return Responses.ok(new TransferabilityView(spec.method(), null, null, List.of()));
        }
        TrialView t = stage.get();
        return Responses.ok(new TransferabilityView(spec.method(), t.id(), t.status(),
                TransferabilityView.rank(store.trials().transferability(t.id()), spec.prune())));
    }

    private Route eventLog(String id) {
        return parameterOptional("after", after -> parameterOptional("limit", limit -> {
            long from;
            int max;
            try {
                from = after.map(Long::parseLong).orElse(0L);
                max = Math.min(EVENT_PAGE, limit.map(Integer::parseInt).orElse(EVENT_PAGE));
            } catch (NumberFormatException e) {
                return complete(Responses.error(StatusCodes.BAD_REQUEST, "after and limit must be whole numbers"));
            }
            return readJson(() -> store.events().after(id, from, Math.max(1, max)));
        }));
    }

    private Route export(String id) {
        return parameter("format", format -> {
            String f = format.toLowerCase(Locale.ROOT);
            if (!f.equals("csv") && !f.equals("json")) {
                return complete(Responses.error(StatusCodes.BAD_REQUEST, "format must be csv or json, was '" + format + "'"));
            }
            return completeWithFuture(offThread(() -> {
                Optional<ExperimentView> experiment = store.experiments().find(id);
                if (experiment.isEmpty()) {
                    return Responses.notFound("experiment " + id);
                }
                ExperimentExport export = new ExperimentExport(experiment.get(), store.trials().ofExperiment(id), store.metrics().ofExperiment(id));
                ContentType type = f.equals("csv") ? ContentTypes.create(org.apache.pekko.http.javadsl.model.MediaTypes.TEXT_CSV,
                        org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8) : ContentTypes.APPLICATION_JSON;
                String body = f.equals("csv") ? export.csv() : export.json();
                return HttpResponse.create()
                        .addHeader(RawHeader.create("Content-Disposition", "attachment; filename=\"" + id + "." + f + "\""))
                        .withEntity(HttpEntities.create(type, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }));
        });
    }

    /** Pause or resume: 404 for an experiment that was never submitted, 409 for one not in the right state. */
    private CompletionStage<HttpResponse> control(String id,
            org.apache.pekko.japi.function.Function<ActorRef<ControlReply>, Supervisor.Command> request) {
        return offThread(() -> store.experiments().find(id).isPresent()).thenCompose(exists -> exists
                ? AskPattern.ask(supervisor, request, askTimeout, system.scheduler()).thenApply(Responses::control)
                : java.util.concurrent.CompletableFuture.completedFuture(Responses.notFound("experiment " + id)));
    }

    private CompletionStage<HttpResponse> cancel(String id) {
        CompletionStage<Boolean> reply = AskPattern.ask(supervisor,
                replyTo -> new Supervisor.CancelExperiment(id, replyTo), askTimeout, system.scheduler());
        return reply.thenApply(done -> done
                ? Responses.json(StatusCodes.ACCEPTED, Map.of("id", id, "status", "CANCELLED"))
                : Responses.error(StatusCodes.CONFLICT, "experiment " + id + " is not running (unknown or already finished)"));
    }
}
