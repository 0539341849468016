package org.transferlab.lab;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.client.LabApiClient;
import org.transferlab.dashboard.BrowserSupport;
import org.transferlab.lab.node.StandaloneCommand;
import org.transferlab.orchestrator.config.OrchestratorSettings;
import org.transferlab.orchestrator.artifact.ArtifactFiles;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.http.ApiServer;
import org.transferlab.orchestrator.http.ApiToken;
import org.transferlab.orchestrator.http.HttpSettings;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.LabEvent;

/**
 * The API and dashboard benchmark of docs/BENCHMARKS.md, all three measurements in one run on one
 * standalone lab: (1) 100 SSE clients on one experiment while events are recorded at a paced 5,000/s,
 * (2) REST read throughput with wrk, (3) dashboard page load of an experiment with 500 synthetic
 * trials. It measures and prints; it asserts nothing. Skipped unless {@code -Dtlab.bench=true}
 * (bench/api/run.sh). Results also go to {@code target/bench/api-dashboard.md}.
 */
class ApiDashboardBenchmark {

    static final int SSE_CLIENTS = Integer.getInteger("tlab.bench.sse-clients", 100);
    static final int EVENTS_PER_SECOND = Integer.getInteger("tlab.bench.events-per-second", 5000);
    static final int SSE_SECONDS = Integer.getInteger("tlab.bench.sse-seconds", 10);
    static final int TRIALS = Integer.getInteger("tlab.bench.trials", 500);
    static final String WRK = "/usr/bin/wrk";

    @TempDir
    Path dataDir;

    private final StringBuilder report = new StringBuilder();

    @Test
    void measure() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("tlab.bench"), "benchmark: run with -Dtlab.bench=true (bench/api/run.sh)");
        try (StandaloneCommand.Lab lab = StandaloneCommand.Lab.start(dataDir, 2, 0, 0, true, false)) {
            line("# API and dashboard benchmark, " + java.time.Instant.now());
            line("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version());
            line("load average before: " + loadAverage());
            HttpSettings http = HttpSettings.from(lab.system().settings().config());
            org.transferlab.orchestrator.store.Database memory = org.transferlab.orchestrator.store.Database.open(
                    org.transferlab.orchestrator.store.StoreSettings.from(com.typesafe.config.ConfigFactory.parseMap(java.util.Map.of(
                            "db-url", "jdbc:h2:mem:tlab-bench;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"))
                            .withFallback(lab.system().settings().config().getConfig("transferlab.orchestrator")), dataDir));
            var memoryStore = new org.transferlab.orchestrator.store.LabStore(memory);
            line("");
            line("## SSE: " + SSE_CLIENTS + " clients on one experiment, events recorded at a target of " + EVENTS_PER_SECOND
                    + "/s for " + SSE_SECONDS + " s (after 2 s warm-up)");
            line("Latency: from just before the event is recorded (store write included) to its `id:` line read by a client.");
            line("");
            line("| store | sse-batch | recorded events/s | delivered events/s (all clients) | per client | p50 latency | p99 latency | max |");
            line("|---|---|---|---|---|---|---|---|");
            sse(lab, "H2 file (the lab's)", lab.orchestrator().store(), http);
            sse(lab, "H2 in memory", memoryStore, http.withSseBatch(1));
            sse(lab, "H2 in memory", memoryStore, http);
            String experiment = seed(lab);
            rest(lab, experiment);
            pageLoad(lab, experiment);
            line("");
            line("load average after: " + loadAverage());
        }
        Path out = Path.of("target", "bench", "api-dashboard.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }

    // ---- 1. SSE fan-out ---------------------------------------------------------------------

    /**
     * A second API server on the lab's actor system and store, with its own event log, so the
     * benchmark can record events directly at a fixed rate (the lab's own trials could not produce
     * 5,000 a second). Everything from the store write to the client's socket is the production path.
     */
    private void sse(StandaloneCommand.Lab lab, String storeName, org.transferlab.orchestrator.store.LabStore store, HttpSettings http)
            throws Exception {
        var config = lab.system().settings().config();
        OrchestratorSettings settings = OrchestratorSettings.from(config);
        EventLog events = new EventLog(store);
        var blocking = lab.system().dispatchers().lookup(DispatcherSelector.fromConfig("transferlab.store-dispatcher"));
        ApiServer server = new ApiServer(lab.system(), settings, http, blocking, ApiToken.of("bench-token"), lab.orchestrator().supervisor(),
                store, events, new ArtifactFiles(dataDir.resolve("bench-artifacts"), store.artifacts()));
        ServerBinding binding = server.bind(lab.system(), "127.0.0.1", 0).toCompletableFuture().get(30, TimeUnit.SECONDS);
        String base = "http://127.0.0.1:" + binding.localAddress().getPort();
        String experiment = "exp-bench-sse-" + System.nanoTime();

        ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicLong received = new AtomicLong();
        long[][] latencies = new long[SSE_CLIENTS][];
        int[] counts = new int[SSE_CLIENTS];
        int capacity = EVENTS_PER_SECOND * (SSE_SECONDS + 5);
        CountDownLatch connected = new CountDownLatch(SSE_CLIENTS);
        HttpClient sseHttp = HttpClient.newBuilder().build();
        List<Thread> readers = new ArrayList<>();
        List<InputStream> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int c = 0; c < SSE_CLIENTS; c++) {
            int client = c;
            latencies[c] = new long[capacity];
            Thread t = Thread.ofPlatform().daemon().name("sse-client-" + c).start(() -> {
                try {
                    HttpResponse<InputStream> r = sseHttp.send(HttpRequest.newBuilder(URI.create(base + "/api/experiments/" + experiment + "/events"))
                            .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
                    bodies.add(r.body());
                    connected.countDown();
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        String l;
                        while ((l = in.readLine()) != null) {
                            if (l.startsWith("id:")) {
                                long seq = Long.parseLong(l.substring(3).strip());
                                Long sent = sentAt.get(seq);
                                if (sent != null && measuring.get() && counts[client] < capacity) {
                                    latencies[client][counts[client]++] = System.nanoTime() - sent;
                                    received.incrementAndGet();
                                }
                            }
                        }
                    }
                } catch (Exception e) {
                    connected.countDown();
                }
            });
            readers.add(t);
        }
        connected.await(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> lab.orchestrator().store() != null && bodies.size() == SSE_CLIENTS);

        long interval = 1_000_000_000L / EVENTS_PER_SECOND;
        long published = 0;
        long warmup = 2;
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        long end = measureFrom + SSE_SECONDS * 1_000_000_000L;
        long measuredPublished = 0;
        for (long next = start; System.nanoTime() < end; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 200_000) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait - 100_000);
            }
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
            long now = System.nanoTime();
            if (!measuring.get() && now >= measureFrom) {
                measuring.set(true);
            }
            // the sequence number is known only after the store write; the clock starts before it
            var saved = events.record(experiment, null, LabEvent.Kind.STAGE_COMPLETED, "bench tick");
            sentAt.put(saved.seq(), now);
            published++;
            if (measuring.get()) {
                measuredPublished++;
            }
        }
        long elapsed = System.nanoTime() - measureFrom;
        Thread.sleep(1000); // let the last events arrive
        measuring.set(false);
        bodies.forEach(b -> {
            try {
                b.close();
            } catch (Exception ignored) {
                // closing ends the reader
            }
        });
        long total = 0;
        for (int c = 0; c < SSE_CLIENTS; c++) {
            total += counts[c];
        }
        long[] all = new long[(int) total];
        int k = 0;
        for (int c = 0; c < SSE_CLIENTS; c++) {
            System.arraycopy(latencies[c], 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        double seconds = elapsed / 1e9;
        line(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.1f ms | %.1f ms | %.1f ms |", storeName, http.sseBatch(),
                measuredPublished / seconds, total / seconds, total / seconds / SSE_CLIENTS, pct(all, 0.50), pct(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6));
        binding.terminate(Duration.ofSeconds(3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    // ---- seeding: an experiment with 500 synthetic trials -------------------------------------

    private String seed(StandaloneCommand.Lab lab) {
        LabApiClient api = new LabApiClient(URI.create(lab.orchestrator().url()), lab.orchestrator().token());
        long t0 = System.nanoTime();
        String id = api.submit("""
                name: bench-%d-trials
                kind: synthetic
                seed: 3
                train:
                  epochs: 3
                search:
                  algorithm: random
                  trials: %d
                  maxConcurrent: 4
                  space:
                    x: {type: uniform, min: -1.0, max: 1.0}
                    y: {type: uniform, min: -1.0, max: 1.0}
                    sleepMs: {type: choice, values: [0]}
                """.formatted(TRIALS, TRIALS)).id();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.experiment(id).status() == ExperimentStatus.COMPLETED);
        line("");
        line(String.format(Locale.ROOT, "Seeded %s: %d synthetic trials x 3 epochs through the real lab (2 slots) in %.1f s.",
                id, TRIALS, (System.nanoTime() - t0) / 1e9));
        return id;
    }

    // ---- 2. REST reads with wrk ---------------------------------------------------------------

    private void rest(StandaloneCommand.Lab lab, String experiment) throws Exception {
        line("");
        if (!Files.isExecutable(Path.of(WRK))) {
            line("## REST reads: skipped, " + WRK + " is not installed (apt-get install wrk)");
            return;
        }
        line("## REST reads with wrk (2 threads, 32 connections, 10 s each; wrk shares the 2 cores with the lab)");
        line("| route | requests/s | mean latency | p99 latency |");
        line("|---|---|---|---|");
        String base = lab.orchestrator().url();
        for (String path : List.of("/health", "/api/experiments", "/api/experiments/" + experiment,
                "/api/experiments/" + experiment + "/trials")) {
            Process p = new ProcessBuilder(WRK, "-t2", "-c32", "-d10s", "--latency", base + path).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            line("| `GET " + path.replace(experiment, "{id}") + "` | " + find(out, "Requests/sec:\\s+([\\d.]+)") + " | "
                    + find(out, "Latency\\s+([\\d.]+\\w+)") + " | " + find(out, "99%\\s+([\\d.]+\\w+)") + " |");
        }
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : "?";
    }

    // ---- 3. dashboard page load ---------------------------------------------------------------

    private void pageLoad(StandaloneCommand.Lab lab, String experiment) {
        line("");
        if (!BrowserSupport.available()) {
            line("## Dashboard page load: skipped, no Chromium");
            return;
        }
        int points = TRIALS * 3;
        line("## Dashboard page load: experiment page with " + TRIALS + " trials (" + points + " curve points), headless Chromium");
        line("Time from navigation until the trial table shows its rows and the learning-curve chart has drawn all points; first load then 5 reloads.");
        List<Double> times = new ArrayList<>();
        try (BrowserSupport.Browser browser = BrowserSupport.start(1400, 1000)) {
            for (int i = 0; i < 6; i++) {
                long t0 = System.nanoTime();
                browser.driver().get(lab.dashboard().url() + "experiments/" + experiment);
                new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(120), Duration.ofMillis(20))
                        .ignoring(org.openqa.selenium.JavascriptException.class)
                        .until(d -> String.valueOf(points).equals(browser.script(
                                "const e = document.getElementById('curves-chart'); return e ? e.dataset.points : null;"))
                                && !browser.gridCells("trials-grid").isEmpty());
                times.add((System.nanoTime() - t0) / 1e6);
            }
        }
        List<Double> reloads = new ArrayList<>(times.subList(1, times.size()));
        reloads.sort(Double::compare);
        line("| first load | median reload | slowest reload |");
        line("|---|---|---|");
        line(String.format(Locale.ROOT, "| %.0f ms | %.0f ms | %.0f ms |", times.getFirst(), reloads.get(reloads.size() / 2), reloads.getLast()));
    }
}
