package org.transferlab.experiments.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;
import org.transferlab.protocol.work.ArtifactRole;

/**
 * An {@link ArtifactStore} in one local directory: each artifact is a file named by its id,
 * {@code <experimentId>.<role>.<random>}. Publishing copies through a temporary file and an atomic
 * move, so a reader never sees half an artifact. Safe for several threads and processes on one
 * filesystem; for tests, {@code tlab standalone} and worker caches.
 */
public final class DirectoryArtifactStore implements ArtifactStore {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Path root;

    public DirectoryArtifactStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public Path fetch(String artifactId) throws IOException {
        Path file = fileOf(artifactId);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "unknown artifact '" + artifactId + "'");
        }
        return file;
    }

    @Override
    public String publish(String experimentId, ArtifactRole role, Path file) throws IOException {
        requireSafe("experiment id", experimentId);
        requireSafe("role", role.key());
        String id = experimentId + "." + role.key() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Path target = root.resolve(id);
        Path temp = Files.createTempFile(root, ".publish-", ".tmp");
        try {
            Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return id;
    }

    private Path fileOf(String artifactId) throws IOException {
        if (artifactId == null || !SAFE_NAME.matcher(artifactId).matches()) {
            throw new NoSuchFileException(String.valueOf(artifactId), null, "not a valid artifact id");
        }
        return root.resolve(artifactId);
    }

    private static void requireSafe(String what, String value) {
        if (value == null || !SAFE_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' must match " + SAFE_NAME.pattern());
        }
    }
}
