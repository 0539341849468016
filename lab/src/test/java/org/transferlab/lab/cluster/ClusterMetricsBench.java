package org.transferlab.lab.cluster;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;

/**
 * Benchmark, not run by {@code mvn verify} (bench/cluster/metrics.sh runs it): metric reports from
 * worker JVMs through Artery to the orchestrator, into the store and out on the SSE stream.
 * Synthetic trials that report an epoch every {@code sleepMs} (0 = as fast as the orchestrator
 * takes them). Latency = SSE receive time − the worker's epoch time (same machine, same clock).
 */
class ClusterMetricsBench {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 20})
    void metric_throughput_and_latency_to_sse(int sleepMs) throws Exception {
        int workers = 2;
        int slotsEach = 2;
        int trials = 8;
        int epochs = sleepMs == 0 ? 1000 : 300;
        try (LabCluster lab = new LabCluster(dir)) {
            lab.workers(workers, slotsEach);
            ConcurrentLinkedQueue<long[]> received = new ConcurrentLinkedQueue<>();
            Map<String, Integer> trialIndex = Collections.synchronizedMap(new HashMap<>());
            HttpClient http = HttpClient.newHttpClient();
            var subscription = http.sendAsync(HttpRequest.newBuilder(URI.create(lab.api.base() + "/api/events")).build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(new java.util.concurrent.Flow.Subscriber<String>() {
                        public void onSubscribe(java.util.concurrent.Flow.Subscription s) { s.request(Long.MAX_VALUE); }
                        public void onNext(String line) {
                            if (line.startsWith("data:")) {
                                LabEvent e = Json.read(line.substring(5).strip(), LabEvent.class);
                                if (e.kind() == LabEvent.Kind.TRIAL_METRICS) {
                                    int t = trialIndex.computeIfAbsent(e.trialId(), k -> trialIndex.size());
                                    received.add(new long[] {t, e.epoch(), System.currentTimeMillis()});
                                }
                            }
                        }
                        public void onError(Throwable t) {}
                        public void onComplete() {}
                    }));
            String spec = """
                    name: metrics-bench
                    kind: synthetic
                    seed: 1
                    train: {epochs: %d}
                    search:
                      algorithm: random
                      trials: %d
                      maxConcurrent: %d
                      space:
                        x: {type: uniform, min: -1.0, max: 1.0}
                        y: {type: uniform, min: -1.0, max: 1.0}
                        sleepMs: {type: choice, values: [%d]}
                    """.formatted(epochs, trials, workers * slotsEach, sleepMs);
            String id = lab.api.submit(spec);
            ExperimentView done = await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> lab.api.experiment(id), e -> e.status().terminal());
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= trials * epochs);
            subscription.cancel(true);

            Map<String, Long> workerTime = new HashMap<>();
            for (MetricPoint p : lab.api.metrics(id)) {
                workerTime.put(p.trialId() + "/" + p.step(), p.time());
            }
            Map<Integer, String> trialOf = new HashMap<>();
            trialIndex.forEach((k, v) -> trialOf.put(v, k));
            List<Long> latencies = new ArrayList<>();
            long first = Long.MAX_VALUE;
            long last = 0;
            for (long[] r : received) {
                Long at = workerTime.get(trialOf.get((int) r[0]) + "/" + r[1]);
                if (at != null) {
                    latencies.add(r[2] - at);
                    first = Math.min(first, at);
                    last = Math.max(last, r[2]);
                }
            }
            Collections.sort(latencies);
            double seconds = (last - first) / 1000.0;
            System.out.printf("BENCH metrics sleepMs=%d status=%s epochs=%d (x %d metrics) in %.1f s: %.0f epoch reports/s,"
                            + " %.0f metric rows/s; latency worker->SSE p50=%d ms p99=%d ms max=%d ms%n",
                    sleepMs, done.status(), latencies.size(), 2, seconds, latencies.size() / seconds,
                    latencies.size() * 2 / seconds, pct(latencies, 50), pct(latencies, 99), latencies.getLast());
        }
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
    }
}
