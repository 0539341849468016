package org.transferlab.orchestrator.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.transferlab.orchestrator.store.ArtifactRecord;
import org.transferlab.orchestrator.store.ArtifactStore;

/**
 * Artifact bytes in {@code data-dir/artifacts/<id>}, metadata in the store. An upload is written to
 * a temporary file, checked against the sha256 the sender claims, and only then moved into place
 * and recorded, so a failed or corrupt upload leaves nothing behind. Artifact files are owner-only
 * ({@code 0600}, the mode of the temporary file they are written to).
 */
public final class ArtifactFiles {

    private final Path dir;
    private final ArtifactStore records;
    private final UploadGrants grants;

    public ArtifactFiles(Path dir, ArtifactStore records) {
        this(dir, records, new UploadGrants());
    }

    /** @param grants the upload rights the supervisor issues with each unit of work */
    public ArtifactFiles(Path dir, ArtifactStore records, UploadGrants grants) {
        this.dir = dir;
        this.records = records;
        this.grants = grants;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the artifact directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Stores the bytes of {@code in}; {@code claimedSha256} may be null (then it is only computed). */
    public ArtifactRecord put(String experimentId, String role, InputStream in, String claimedSha256) throws IOException {
        String id = "art-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Path tmp = Files.createTempFile(dir, id, ".part");
        try {
            MessageDigest sha = sha256();
            long size;
            // written into the temporary file as created (owner-only), never replaced by a file with default permissions
            try (DigestInputStream din = new DigestInputStream(in, sha); var out = Files.newOutputStream(tmp)) {
                size = din.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (claimedSha256 != null && !claimedSha256.equalsIgnoreCase(actual)) {
                throw new ChecksumMismatchException("upload of " + role + " is corrupt: sender said sha256 "
                        + claimedSha256 + " but the bytes hash to " + actual);
            }
            Files.move(tmp, dir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
            ArtifactRecord record = new ArtifactRecord(id, experimentId, role, actual, size, Instant.now());
            records.insert(record);
            return record;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Who may upload (see {@link UploadGrants}). */
    public UploadGrants grants() {
        return grants;
    }

    public Optional<ArtifactRecord> find(String id) {
        if (!id.matches("[A-Za-z0-9-]{1,64}")) {
            return Optional.empty();
        }
        return records.find(id).filter(r -> Files.exists(dir.resolve(id)));
    }

    public Path path(ArtifactRecord record) {
        return dir.resolve(record.id());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The uploaded bytes do not match the checksum the sender gave. */
    public static final class ChecksumMismatchException extends IOException {
        public ChecksumMismatchException(String message) {
            super(message);
        }
    }
}
