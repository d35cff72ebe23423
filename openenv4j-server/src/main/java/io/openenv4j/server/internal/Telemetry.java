package io.openenv4j.server.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.openenv4j.core.LiveResources;
import io.openenv4j.core.Step;
import io.openenv4j.core.WarmPool;
import io.openenv4j.server.Observability;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.WireJson;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the server tells about itself: Prometheus metrics at {@code /metrics} (sessions by state, step latency
 * per environment and transport, errors by code, live sandboxes and browsers, JVM memory, GC, threads and file
 * descriptors) and, when configured, every episode's reset and steps appended to a JSON Lines file. One per
 * server; thread-safe.
 */
final class Telemetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** How a step reached the environment: the {@code transport} tag. */
    enum Transport {
        WS("ws"),
        WS_BATCH("ws_batch"),
        HTTP("http");

        final String tag;

        Transport(String tag) {
            this.tag = tag;
        }
    }

    private final Observability config;
    private final String envName;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<Transport, Timer> steps = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Set<String> resourceGauges = ConcurrentHashMap.newKeySet();
    private final Set<String> poolMeters = ConcurrentHashMap.newKeySet();
    private final Counter recorded;
    private final Counter dropped;
    private final OutputStream trajectories;
    private long trajectoryBytes;
    private boolean warnedFull;

    Telemetry(String envName, Observability config, SessionPool<?, ?, ?> pool) {
        this.config = config;
        this.envName = envName;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (String state : new String[] {"opening", "idle", "busy", "closing"}) {
            Gauge.builder("openenv.sessions", pool, p -> count(p, state))
                    .description("Sessions holding a slot, by state")
                    .tag("env", envName)
                    .tag("state", state)
                    .register(registry);
        }
        Gauge.builder("openenv.sessions.max", pool, SessionPool::max)
                .description("The session limit")
                .tag("env", envName)
                .register(registry);
        recorded = Counter.builder("openenv.trajectory.records")
                .description("Records written to the trajectory file")
                .register(registry);
        dropped = Counter.builder("openenv.trajectory.dropped")
                .description("Records left out because the trajectory file reached its size limit")
                .register(registry);
        OutputStream out = null;
        if (config.trajectories() != null) {
            try {
                if (config.trajectories().getParent() != null) {
                    Files.createDirectories(config.trajectories().getParent());
                }
                out = Files.newOutputStream(
                        config.trajectories(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                trajectoryBytes = Files.size(config.trajectories());
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot open the trajectory file " + config.trajectories() + ": " + e.getMessage(), e);
            }
        }
        this.trajectories = out;
    }

    private static double count(SessionPool<?, ?, ?> pool, String state) {
        int n = 0;
        for (Session<?, ?, ?> session : pool.all()) {
            String now =
                    session.ended.get() ? "closing" : !session.ready() ? "opening" : session.busy() ? "busy" : "idle";
            if (now.equals(state)) {
                n++;
            }
        }
        return n;
    }

    // ---- metrics -------------------------------------------------------------------------------------

    /** A step answered over {@code transport} that started at {@code startNanos} ({@link System#nanoTime()}). */
    void stepped(Transport transport, long startNanos) {
        steps.computeIfAbsent(
                        transport,
                        t -> Timer.builder("openenv.step.duration")
                                .description(
                                        "Time from a step's arrival to its reply being ready (HTTP: to the response's end)")
                                .tag("env", envName)
                                .tag("transport", t.tag)
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofNanos(10_000))
                                .maximumExpectedValue(Duration.ofSeconds(60))
                                .register(registry))
                .record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** An error sent to a client: a wire error code ({@code VALIDATION_ERROR}, …) or {@code HTTP_<status>}. */
    void error(Transport transport, String code) {
        errors.computeIfAbsent(
                        transport.tag + "/" + code,
                        key -> Counter.builder("openenv.errors")
                                .description("Error replies sent to clients, by code")
                                .tag("env", envName)
                                .tag("transport", transport.tag)
                                .tag("code", code)
                                .register(registry))
                .increment();
    }

    /** Counts {@code frame} when it is a {@code /ws} error frame. */
    void reply(Transport transport, String frame) {
        if (frame != null && frame.startsWith("{\"type\":\"error\"")) {
            String code = "UNKNOWN";
            try {
                JsonNode data = WireJson.parse(frame).get("data");
                if (data != null && data.get("code") != null) {
                    code = data.get("code").asString();
                }
            } catch (RuntimeException e) {
                // an error frame is always JSON; keep the count even if it were not
            }
            error(transport, code);
        }
    }

    /**
     * Serves {@code GET /metrics} when the request is for it; returns whether it was. Other HTTP requests are
     * observed (error statuses counted, {@code POST /step} timed) and left to the routes.
     */
    boolean handle(HttpServerRequest request) {
        if (request.path().equals("/metrics") && config.metrics() != Observability.MetricsAccess.OFF) {
            var response = request.response();
            boolean loopback = request.remoteAddress() != null
                    && request.remoteAddress().hostAddress() != null
                    && isLoopback(request.remoteAddress().hostAddress());
            if (config.metrics() == Observability.MetricsAccess.LOOPBACK && !loopback) {
                response.setStatusCode(403)
                        .putHeader("content-type", "application/json")
                        .end(
                                "{\"detail\":\"/metrics is served to loopback clients only (OPENENV_METRICS=any opens it)\"}");
            } else {
                refreshResources();
                refreshPools();
                response.setStatusCode(200)
                        .putHeader("content-type", PROMETHEUS_TEXT)
                        .end(registry.scrape());
            }
            return true;
        }
        long start = System.nanoTime();
        boolean step = request.path().equals("/step");
        // bodyEndHandler, not endHandler: the connection guard owns the response's endHandler (its header clock).
        request.response().bodyEndHandler(ignored -> {
            int status = request.response().getStatusCode();
            if (status >= 400) {
                error(Transport.HTTP, "HTTP_" + status);
            } else if (step) {
                stepped(Transport.HTTP, start);
            }
        });
        return false;
    }

    private static boolean isLoopback(String address) {
        // A peer's address is always a literal, so this never asks DNS.
        if (!address.matches("[0-9a-fA-F:.%]+")) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private void refreshResources() {
        for (LiveResources resources : LiveResources.all().values()) {
            if (resourceGauges.add(resources.name())) {
                Gauge.builder("openenv.resources.live", resources, LiveResources::live)
                        .description("Sandboxes, browsers and other out-of-heap resources held by environments")
                        .tag("kind", resources.name())
                        .register(registry);
            }
        }
    }

    /** Hits, misses and ready items of every warm pool made so far (sandboxes, browser contexts made ahead of need). */
    private void refreshPools() {
        for (WarmPool.Stats pool : WarmPool.stats().values()) {
            if (poolMeters.add(pool.name())) {
                FunctionCounter.builder("openenv.pool.hits", pool, WarmPool.Stats::hits)
                        .description("Episode starts that took a resource made ahead of need from the warm pool")
                        .tag("pool", pool.name())
                        .register(registry);
                FunctionCounter.builder("openenv.pool.misses", pool, WarmPool.Stats::misses)
                        .description("Episode starts that found the warm pool empty and made their resource then")
                        .tag("pool", pool.name())
                        .register(registry);
                Gauge.builder("openenv.pool.ready", pool, WarmPool.Stats::ready)
                        .description("Resources waiting in the warm pool now")
                        .tag("pool", pool.name())
                        .register(registry);
                Gauge.builder("openenv.pool.capacity", pool, WarmPool.Stats::capacity)
                        .description("Resources the warm pool keeps ready when it can")
                        .tag("pool", pool.name())
                        .register(registry);
            }
        }
    }

    /** The metrics in the Prometheus text format, as {@code /metrics} serves them. */
    String scrape() {
        refreshResources();
        refreshPools();
        return registry.scrape();
    }

    // ---- trajectories ------------------------------------------------------------------------------

    /** Whether reset and step records are written. */
    boolean recording() {
        return trajectories != null;
    }

    /** Appends the record of a reset ({@code action} null) or a step, as the agent saw it. */
    <O> void record(Scoring.Track track, EnvCodec<?, O, ?> codec, JsonNode action, Step<O> step) {
        if (trajectories == null) {
            return;
        }
        ObjectNode record = WireJson.object();
        if (action == null || track.recordingEpisode == null) {
            track.recordingEpisode = UUID.randomUUID().toString();
            track.recordedSteps = 0;
        }
        record.put("time", Instant.now().toString());
        record.put("env", envName);
        record.put("session", track.owner());
        record.put("episode", track.recordingEpisode);
        record.put("step", action == null ? 0 : ++track.recordedSteps);
        record.put("kind", action == null ? "reset" : "step");
        if (action != null) {
            record.set("action", action);
        }
        ObjectNode payload = codec.encodeStep(step);
        record.set("observation", payload.get("observation"));
        record.set("reward", payload.get("reward"));
        record.set("done", payload.get("done"));
        byte[] line = (WireJson.write(record) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            if (trajectoryBytes + line.length > config.trajectoryMaxBytes()) {
                dropped.increment();
                if (!warnedFull) {
                    warnedFull = true;
                    LOG.warn(
                            "trajectory file {} reached its limit of {} bytes; further records are dropped",
                            config.trajectories(),
                            config.trajectoryMaxBytes());
                }
                return;
            }
            try {
                trajectories.write(line);
                trajectories.flush();
                trajectoryBytes += line.length;
                recorded.increment();
            } catch (IOException e) {
                dropped.increment();
                LOG.warn("writing the trajectory file {} failed: {}", config.trajectories(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
        if (trajectories != null) {
            synchronized (this) {
                try {
                    trajectories.close();
                } catch (IOException e) {
                    LOG.warn("closing the trajectory file failed", e);
                }
            }
        }
    }
}
