package org.transferlab.orchestrator.artifact;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may upload artifacts: only a worker running a trial, only while it runs it, only into that
 * trial's experiment. The supervisor issues a grant (a random secret) when it hands a unit of work
 * to a slot and withdraws it when the work ends in any way (completed, failed, rejected, lost,
 * cancelled); the secret travels to the worker inside the work item over the cluster connection
 * and comes back as the upload's bearer token. A user token (write or admin) is never a grant, so
 * no user and no web page can put an artifact (a guide summary, a checkpoint) into a trial, and a
 * worker cannot write into an experiment it is not running.
 *
 * <p>Why a grant per unit of work rather than a {@code worker} token role: a role would still let
 * any worker upload into any experiment at any time, and would need its own token handed to every
 * worker machine; a grant is scoped and expires by itself. Grants live in the orchestrator's
 * memory: a restart forgets them, which is right, since a restart re-queues every running trial as
 * new work with a new grant. They are held by the node that runs both the supervisor and the API,
 * as every lab's orchestrator node does.
 */
public final class UploadGrants {

    /** The upload rights of one unit of work. */
    public record Grant(String workId, String experimentId, String trialId) {}

    private static final String PREFIX = "upl_";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> bySecret = new ConcurrentHashMap<>();
    private final Map<String, String> secretByWork = new ConcurrentHashMap<>();

    /** A new grant for this work (replacing an earlier one for the same work id); returns its secret. */
    public String issue(String workId, String experimentId, String trialId) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String secret = PREFIX + HexFormat.of().formatHex(bytes);
        String before = secretByWork.put(workId, secret);
        if (before != null) {
            bySecret.remove(before);
        }
        bySecret.put(secret, new Grant(workId, experimentId, trialId));
        return secret;
    }

    /** The work's grant stops working; nothing happens for work without one. */
    public void withdraw(String workId) {
        String secret = secretByWork.remove(workId);
        if (secret != null) {
            bySecret.remove(secret);
        }
    }

    /** The grant a bearer secret stands for, if it is current. */
    public Optional<Grant> find(String secret) {
        return secret == null ? Optional.empty() : Optional.ofNullable(bySecret.get(secret.strip()));
    }

    /** Whether this bearer value has the shape of a grant (to tell a stale grant from a user token). */
    public static boolean looksLikeGrant(String secret) {
        return secret != null && secret.strip().startsWith(PREFIX);
    }

    /** Grants currently held (running work). */
    public int size() {
        return bySecret.size();
    }
}
