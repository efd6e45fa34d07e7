package org.virtstartuppolicy.service;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;

/**
 * What {@code GET /metrics} exposes, through Prometheus' Java client: the API's request
 * durations, the decisions made, the rules compiled and the reloads that failed, the rules in
 * force, and the JVM's and the process's own metrics. One registry per service, so that
 * services in one JVM (the tests) count apart.
 */
public final class ServiceMetrics {
    static final String PREFIX = "virt_startup_policy_";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final Histogram requests = Histogram.builder()
            .name(PREFIX + "http_request_duration_seconds")
            .help("Time from a request's arrival to its whole answer, waiting for a turn included, by the API's"
                    + " handler, the method and the status code")
            .labelNames("handler", "method", "code")
            .classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
            .register(registry);
    private final Counter decisions = Counter.builder()
            .name(PREFIX + "decisions")
            .help("Decisions made, by origin (the hook operation the hook script sent, or api for POST /v1/decisions),"
                    + " start context and verdict")
            .labelNames("origin", "context", "verdict")
            .register(registry);
    private final Counter disks = Counter.builder()
            .name(PREFIX + "disk_decisions")
            .help("Disks decided, by the action each got (keep, eject, remove, fail)")
            .labelNames("action")
            .register(registry);
    private final Counter compilations = Counter.builder()
            .name(PREFIX + "rule_compilations")
            .help("Rule sets compiled: at start and at each reload whose rules' digest changed")
            .register(registry);
    private final Counter failedReloads = Counter.builder()
            .name(PREFIX + "rule_reload_failures")
            .help("Reloads that failed: the config or the rules changed on disk and did not load; the last good ones"
                    + " kept serving")
            .register(registry);
    private final Counter lastGood = Counter.builder()
            .name(PREFIX + "last_good_decisions")
            .help("Decisions made with the last good config and rules while the files on disk did not load")
            .register(registry);
    private final Info rules = Info.builder()
            .name(PREFIX + "rules")
            .help("The rules in force, by the digest each logged decision names")
            .labelNames("digest")
            .register(registry);
    private final BooleanSupplier failing;

    /** @param failing whether the config or rules on disk do not load now (the last good ones serve) */
    ServiceMetrics(BooleanSupplier failing) {
        this.failing = failing;
        GaugeWithCallback.builder()
                .name(PREFIX + "rules_load_failing")
                .help("1 while the config or the rules on disk do not load and the last good ones serve, else 0")
                .callback(callback -> callback.call(failing.getAsBoolean() ? 1 : 0))
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** A request answered: how long it took, by handler (a path's route, never the raw path), method and status. */
    void answered(String handler, String method, int code, long nanos) {
        requests.labelValues(handler, method, Integer.toString(code)).observe(nanos / 1e9);
    }

    /** A decision made, with the origin the decision log gives it ({@code service: hook prepare begin}). */
    void decided(Decision decision, String origin) {
        decisions.labelValues(originLabel(origin), decision.context().getLabel(), decision.verdict().label()).inc();
        for (DiskDecision disk : decision.disks()) {
            disks.labelValues(disk.action().label()).inc();
        }
        if (failing.getAsBoolean()) {
            lastGood.inc();
        }
    }

    /** {@code hook prepare} for the hook's calls, {@code api} for {@code POST /v1/decisions}: a few values, never a guest's. */
    static String originLabel(String origin) {
        String asked = origin.startsWith("service: ") ? origin.substring("service: ".length()) : origin;
        if (asked.startsWith("hook ")) {
            String[] words = asked.split(" ");
            return words.length > 1 ? "hook " + words[1] : "hook";
        }
        return "api";
    }

    void compiled(String digest) {
        compilations.inc();
        rules.setLabelValues(digest);
    }

    void reloadFailed() {
        failedReloads.inc();
    }

    /** The content type to answer with for a scraper's {@code Accept} (Prometheus' text format unless it asks for OpenMetrics). */
    String contentType(String accept) {
        return writer(accept).getContentType();
    }

    /** Every metric, in the format the {@code Accept} header asks for. */
    String scrape(String accept) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer(accept).write(out, registry.scrape(), EscapingScheme.fromAcceptHeader(accept));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The writer for the header; protobuf is not shipped, so a scraper asking for it gets text. */
    private ExpositionFormatWriter writer(String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        return writer.isAvailable() ? writer : formats.getPrometheusTextFormatWriter();
    }
}
