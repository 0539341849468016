package org.transferlab.orchestrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps the orchestrator's data directory private to the user running the lab: the directory is
 * {@code 0700} and what the lab keeps in it (the H2 database, artifacts, {@code api-token}, and any
 * {@code certs} folder) is {@code 0600} files in {@code 0700} folders. Run at every start, it also
 * fixes what older versions wrote world-readable. Only those entries are touched, never the rest of
 * a directory a user pointed {@code --data-dir} at; anything else in it (datasets, the worker cache)
 * is out of other users' reach through the directory's own mode. On a file system without POSIX
 * permissions it does nothing.
 */
public final class DataDirectory {

    static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    /** What the lab writes in the data directory; each is made private, folders recursively. */
    static final List<String> OWNED = List.of("db", "artifacts", "api-token", "certs");

    private DataDirectory() {}

    /** Creates {@code dir} owner-only if missing, and makes it and the lab's entries in it owner-only. */
    public static void secure(Path dir) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            }
            restrict(dir);
            for (String name : OWNED) {
                Path entry = dir.resolve(name);
                if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> all = Files.walk(entry)) {
                        for (Path p : (Iterable<Path>) all::iterator) {
                            restrict(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory " + dir + " private (chmod 700): " + e.getMessage(), e);
        }
    }

    private static void restrict(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return;
        }
        Set<PosixFilePermission> wanted = Files.isDirectory(p) ? PRIVATE_DIR : PRIVATE_FILE;
        if (!Files.getPosixFilePermissions(p).equals(wanted)) {
            Files.setPosixFilePermissions(p, wanted);
        }
    }
}
