package org.transferlab.orchestrator.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.function.Supplier;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.supervisor.Supervisor;
import org.transferlab.protocol.view.SlotView;

/**
 * What {@code /metrics} reports, kept in Micrometer's Prometheus registry, which writes the text
 * format (names, help, types, label escaping). The supervisor's counts and the slots' utilisation
 * come from an ask that the route makes before each scrape; {@link #scrape} records them and writes
 * the text in one step, so a scrape never mixes two readings. Event counts and SSE subscribers are
 * read live; the JVM's memory, threads, CPU and uptime come from Micrometer's own binders.
 */
final class OrchestratorMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge slotUtilisation;
    private Supervisor.Stats stats = new Supervisor.Stats(0, 0, 0, 0, 0);
    private double meanUtilisation;

    OrchestratorMetrics(EventLog events, EventRate rate) {
        gauge("tlab.queue.length", "Units of work waiting for a slot.", () -> stats.queued());
        gauge("tlab.running.trials", "Units of work running on slots.", () -> stats.running());
        gauge("tlab.slots", "Worker slots known to the orchestrator.", () -> stats.slots());
        gauge("tlab.slots.idle", "Worker slots waiting for work.", () -> stats.idleSlots());
        gauge("tlab.active.experiments", "Experiments being run.", () -> stats.experiments());
        gauge("tlab.sse.subscribers", "Live event stream subscribers.", events::subscriberCount);
        gauge("tlab.slot.utilisation.mean", "Mean utilisation of all slots over the last 5 minutes.", () -> meanUtilisation);
        gauge("tlab.events.per.second", "Events recorded per second over the last " + EventRate.WINDOW_SECONDS + " seconds.",
                () -> rate.perSecond(System.currentTimeMillis() / 1000));
        FunctionCounter.builder("tlab.events", rate, EventRate::total)
                .description("Events recorded since the orchestrator started.").register(registry);
        slotUtilisation = MultiGauge.builder("tlab.slot.utilisation")
                .description("Share of the last 5 minutes each slot spent running work.").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private void gauge(String name, String help, Supplier<Number> value) {
        Gauge.builder(name, value).description(help).register(registry);
    }

    /** Records the supervisor's counts and each slot's utilisation as of now, then writes every metric as Prometheus text. */
    synchronized String scrape(Supervisor.Stats now, List<SlotView> slots) {
        stats = now;
        meanUtilisation = slots.stream().mapToDouble(s -> utilisation(s)).average().orElse(0);
        slotUtilisation.register(slots.stream()
                .map(s -> MultiGauge.Row.of(Tags.of("slot", label(s.slotId()), "node", label(s.node()), "device", label(s.device())),
                        utilisation(s)))
                .toList(), true);
        return registry.scrape();
    }

    private static double utilisation(SlotView slot) {
        return slot.utilisation() == null ? 0 : slot.utilisation();
    }

    private static String label(String value) {
        return value == null ? "" : value;
    }
}
