package org.transferlab.orchestrator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.transferlab.orchestrator.artifact.ArtifactFiles;
import org.transferlab.orchestrator.artifact.UploadGrants;
import org.transferlab.orchestrator.store.ArtifactRecord;
import org.transferlab.orchestrator.store.Database;

/**
 * {@code /api/artifacts}: workers upload checkpoints and bodies here ({@code POST}, {@code X-Sha256}
 * verified) and fetch them back ({@code GET}, answered with {@code X-Sha256}). An upload needs the
 * upload grant of the work it belongs to ({@link UploadGrants}) and lands in that work's experiment;
 * user tokens cannot upload. Bodies stream to and from disk; nothing large is held in memory.
 */
final class ArtifactRoutes extends RouteSupport {

    private final ArtifactFiles files;
    private final long maxBytes;

    ArtifactRoutes(Context context, ArtifactFiles files, long maxBytes) {
        super(context);
        this.files = files;
        this.maxBytes = maxBytes;
    }

    void register(RouteTable table) {
        table.tag("artifacts");
        table.post("/api/artifacts").summary("Store an artifact of running work (checkpoints, bodies, guide matrices): the bearer "
                        + "is the work's upload grant, not a user token; X-Sha256 is verified")
                .access(RouteTable.Access.TRIAL).body(null, "application/octet-stream")
                .requiredQuery("role", "what the artifact is, 1-64 of [a-z0-9_-] (e.g. body, checkpoint, guide-summary)")
                .query("experiment", "the experiment it belongs to; must be the grant's (the grant's when left out)")
                .status(201).also(400, "bad role or checksum mismatch").also(507, "no space left on the artifact store's disk").also(413, "larger than transferlab.orchestrator.max-artifact-bytes")
                .handle(this::upload);
        table.get("/api/artifacts/{id}").summary("An artifact's bytes, with X-Sha256")
                .media("application/octet-stream").handle(p -> download(p.getFirst()));
    }

    private Route upload() {
        return optionalHeaderValueByName("Authorization", authorization -> parameter("role", role -> parameterOptional("experiment",
                experiment -> optionalHeaderValueByName("X-Sha256", sha -> {
                    Optional<UploadGrants.Grant> grant = authorization
                            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                            .flatMap(h -> files.grants().find(h.substring(7)));
                    if (grant.isEmpty()) {
                        return refuse(authorization);
                    }
                    if (experiment.isPresent() && !experiment.get().equals(grant.get().experimentId())) {
                        return complete(Responses.error(StatusCodes.FORBIDDEN, "this upload grant is for experiment "
                                + grant.get().experimentId() + ", not " + experiment.get()));
                    }
                    return store(grant.get(), role, sha);
                }))));
    }

    /** 401 without a bearer or with a stale grant, 403 for a user token: users never upload artifacts. */
    private Route refuse(Optional<String> authorization) {
        boolean userToken = access.authenticate(authorization).isPresent();
        String bearer = authorization.map(h -> h.length() > 7 ? h.substring(7) : "").orElse("");
        String why = userToken
                ? "artifacts are uploaded only by the work that produces them: the bearer must be the upload grant a worker "
                        + "received with its work item; user tokens (write or admin) cannot upload"
                : UploadGrants.looksLikeGrant(bearer)
                        ? "this upload grant is not current: the work it was issued for has ended or was re-queued"
                        : "uploads need 'Authorization: Bearer <upload grant>' of work a worker is running";
        return complete(Responses.error(userToken ? StatusCodes.FORBIDDEN : StatusCodes.UNAUTHORIZED, why));
    }

    private Route store(UploadGrants.Grant grant, String role, Optional<String> sha) {
        String experiment = grant.experimentId();
        return withSizeLimit(maxBytes, () -> extractDataBytes(bytes -> {
                    if (!role.matches("[a-z0-9_-]{1,64}")) {
                        return complete(Responses.error(StatusCodes.BAD_REQUEST, "role must be 1-64 of [a-z0-9_-], was '" + role + "'"));
                    }
                    InputStream in = bytes.runWith(StreamConverters.asInputStream(Duration.ofMinutes(2)),
                            Materializer.matFromSystem(system));
                    return completeWithFuture(offThread(() -> {
                        try (in) {
                            ArtifactRecord r = files.put(experiment, role, in, sha.orElse(null));
                            return Responses.json(StatusCodes.CREATED,
                                    java.util.Map.of("id", r.id(), "sha256", r.sha256(), "size", r.size()));
                        } catch (ArtifactFiles.ChecksumMismatchException e) {
                            return Responses.error(StatusCodes.BAD_REQUEST, e.getMessage());
                        } catch (IOException e) {
                            if (Database.diskFull(e)) {
                                return Responses.error(StatusCodes.INSUFFICIENT_STORAGE, "no space left on the artifact store's disk: the "
                                        + role + " artifact was not stored (" + e.getMessage() + "); free space under the data directory");
                            }
                            throw new UncheckedIOException("storing the " + role + " artifact failed: " + e.getMessage(), e);
                        }
                    }));
                }));
    }

    private Route download(String id) {
        return completeWithFuture(offThread(() -> files.find(id)
                .map(r -> HttpResponse.create()
                        .addHeader(RawHeader.create("X-Sha256", r.sha256()))
                        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, r.size(),
                                FileIO.fromPath(files.path(r)))))
                .orElseGet(() -> Responses.notFound("artifact " + id))));
    }
}
