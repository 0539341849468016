package org.transferlab.lab;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.transferlab.client.LabApiClient;
import org.transferlab.lab.node.StandaloneCommand;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;

/**
 * The standalone lab that an end-to-end test class shares: its store in a private data directory,
 * the API, the cluster and (when asked) the dashboard all on port 0, so that no test depends on the
 * default ports a lab on this machine may hold. Registered as a static {@code @RegisterExtension}
 * field, it starts before the class's first test and is closed, its directory removed, after the
 * last. It can also run the class's one experiment to its end before the first test, so that a
 * test class keeps only its spec and what it checks:
 * <pre>{@code
 * @RegisterExtension
 * static final StandaloneLab lab = StandaloneLab.withSlots(1).withDashboard().following("pbt.yaml", SPEC);
 * }</pre>
 */
final class StandaloneLab implements BeforeAllCallback, AfterAllCallback {

    private final int slots;
    private boolean withDashboard;
    /** The experiment to run before the first test, or null; {@link #specFile} null means through the API. */
    private String spec;
    private String specFile;
    private Duration wait;

    private Path dataDir;
    private StandaloneCommand.Lab lab;
    private LabApiClient api;
    private String experimentId;
    private String followed;

    private StandaloneLab(int slots) {
        this.slots = slots;
    }

    /** A lab with this many worker slots and no dashboard. */
    static StandaloneLab withSlots(int slots) {
        return new StandaloneLab(slots);
    }

    /** The lab's own dashboard too, on port 0, signed in to the API with the lab's token. */
    StandaloneLab withDashboard() {
        withDashboard = true;
        return this;
    }

    /**
     * Before the first test, submits {@code spec} as the file {@code fileName} with
     * {@code tlab submit --follow} (which returns when the experiment ends) and keeps what it printed.
     */
    StandaloneLab following(String fileName, String spec) {
        this.specFile = fileName;
        this.spec = spec;
        return this;
    }

    /**
     * Before the first test, submits {@code spec} through the API and waits up to {@code wait} for
     * it to end; an experiment that ends otherwise than COMPLETED fails the class with its message.
     */
    StandaloneLab completing(String spec, Duration wait) {
        this.spec = spec;
        this.wait = wait;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("tlab-lab-test-");
        lab = StandaloneCommand.Lab.start(dataDir, slots, 0, 0, 0, withDashboard, false);
        api = new LabApiClient(URI.create(apiUrl()), token());
        if (spec == null) {
            return;
        }
        if (specFile != null) {
            Path file = dataDir.resolve(specFile);
            Files.writeString(file, spec);
            followed = tlab("submit", file.toString(), "--follow", "--api", apiUrl(), "--token", token());
            experimentId = followed.lines().filter(l -> l.startsWith("submitted ")).findFirst().orElseThrow().split(" ")[1];
        } else {
            String id = api.submit(spec).id();
            ExperimentView ended = await().atMost(wait).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.experiment(id), e -> e.status().terminal());
            assertEquals(ExperimentStatus.COMPLETED, ended.status(), ended.message());
            experimentId = id;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (lab != null) {
            lab.close();
            lab = null;
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(StandaloneLab::delete);
            }
            dataDir = null;
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a {@code tlab} command in this JVM, fails the test unless it exits 0, and returns what it printed. */
    String tlab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Tlab.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, rc, out + "\n" + err);
        return out.toString();
    }

    /** A client of the API holding the lab's token. */
    LabApiClient api() {
        return api;
    }

    String apiUrl() {
        return lab.orchestrator().url();
    }

    String token() {
        return lab.orchestrator().token();
    }

    /** The dashboard's address, ending in a slash; only with {@link #withDashboard()}. */
    String dashboardUrl() {
        if (lab.dashboard() == null) {
            throw new IllegalStateException("this lab runs without a dashboard: start it withDashboard()");
        }
        return lab.dashboard().url().toString();
    }

    Path dataDir() {
        return dataDir;
    }

    /** The id of the experiment run before the first test. */
    String experimentId() {
        return experimentId;
    }

    /** What {@code tlab submit --follow} printed for it; only with {@link #following}. */
    String followed() {
        return followed;
    }
}
