package org.transferlab.orchestrator.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private PostgreSQL server for tests: {@code initdb} into a temporary directory, {@code pg_ctl}
 * start on a free loopback port, stopped when the test JVM exits. Needs no running service and no
 * configuration: only Debian's {@code postgresql} package (or {@code TLAB_PG_BIN} pointing at a
 * directory with initdb and pg_ctl). As root it runs the server as the {@code postgres} user,
 * since PostgreSQL refuses to run as root. Tests that need it are skipped, saying why, where the
 * binaries are missing.
 */
final class PostgresServer {

    private static PostgresServer instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final List<String> asUser;
    private final int port;

    private PostgresServer(Path bin, Path dir, List<String> asUser, int port) {
        this.bin = bin;
        this.dir = dir;
        this.asUser = asUser;
        this.port = port;
    }

    /** The shared server, started on first use; skips the calling test when PostgreSQL is not installed. */
    static synchronized PostgresServer get() {
        if (instance == null) {
            Optional<Path> bin = findBin();
            requireOrSkip(bin.isPresent(), "PostgreSQL binaries (initdb, pg_ctl) not found: scripts/test installs them "
                    + "(apt-get install postgresql), or set TLAB_PG_BIN", System.getenv("CI"));
            instance = start(bin.get());
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "postgres-test-server-stop"));
        }
        return instance;
    }

    /** Skips the calling test when PostgreSQL is missing; under {@code CI=true} fails it, so CI never passes without the PostgreSQL tests. */
    static void requireOrSkip(boolean present, String missing, String ci) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(ci)) {
            throw new IllegalStateException("CI=true and the PostgreSQL tests cannot run: " + missing);
        }
        Assumptions.abort(missing);
    }

    /** A fresh, empty database on the server; its JDBC URL. */
    String newDatabase() {
        String name = "tlab_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "tlab", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return url(name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static Optional<Path> findBin() {
        String configured = System.getenv("TLAB_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(p -> Files.isExecutable(p.resolve("initdb")));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(b -> versionOf(b.getParent())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(Path::of)
                .filter(p -> Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl")))
                .findFirst();
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static PostgresServer start(Path bin) {
        try {
            Path dir = Files.createTempDirectory("tlab-pg-");
            List<String> asUser = List.of();
            if ("root".equals(System.getProperty("user.name"))) {
                Assumptions.assumeTrue(run(List.of("id", "postgres"), dir) == 0,
                        "running as root and there is no 'postgres' user to run the PostgreSQL server as");
                run(List.of("chown", "-R", "postgres", dir.toString()), dir);
                asUser = List.of("runuser", "-u", "postgres", "--");
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            PostgresServer server = new PostgresServer(bin, dir, asUser, port);
            server.pg(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "tlab",
                    "-A", "trust", "-E", "UTF8", "--no-sync", "--no-locale"));
            server.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                    "-l", dir.resolve("server.log").toString(),
                    "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off",
                    "start"));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a PostgreSQL test server", e);
        }
    }

    private void pg(List<String> command) {
        List<String> full = new ArrayList<>(asUser);
        full.addAll(command);
        int rc = run(full, dir);
        if (rc != 0) {
            String log = "";
            try {
                Path serverLog = dir.resolve("server.log");
                log = Files.exists(serverLog) ? Files.readString(serverLog) : "";
            } catch (IOException ignored) {
                // the exit code says enough
            }
            throw new IllegalStateException(String.join(" ", command) + " exited with " + rc + "\n" + log);
        }
    }

    private static int run(List<String> command, Path dir) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("commands.log").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void stop() {
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop"));
        run(command, dir);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
