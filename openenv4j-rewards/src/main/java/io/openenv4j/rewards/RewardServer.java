package io.openenv4j.rewards;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Serves one {@link Rubric} over the reward-provider protocol (docs/rewards.md): {@code GET /health},
 * {@code GET /v1/info}, {@code POST /v1/score}, {@code /v1/score/batch} and {@code /v1/score/group}.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} with a virtual thread per request: scoring is
 * blocking work (an LLM judge waits seconds on its model), request rates are those of a trainer, not of an
 * agent loop, and the module stays free of an HTTP library. Replies are idempotent: a score is cached under
 * its {@link Scored#contentHash() content hash}. A request that outlives the latency budget is answered
 * {@code 504} with code {@code BUDGET_EXCEEDED}; a rubric failure {@code 502 RUBRIC_FAILED}; a malformed
 * request {@code 400 BAD_REQUEST}. Thread-safe; {@link #close()} stops it.
 */
public final class RewardServer implements AutoCloseable {

    private final Rubric rubric;
    private final RewardServerConfig config;
    private final HttpServer http;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ReentrantLock cacheLock = new ReentrantLock();
    private final Map<String, Score> cache;

    private RewardServer(Rubric rubric, RewardServerConfig config) throws IOException {
        this.rubric = Objects.requireNonNull(rubric, "rubric");
        this.config = Objects.requireNonNull(config, "config");
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Score> eldest) {
                return size() > config.cacheEntries();
            }
        };
        http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
        http.setExecutor(workers);
        http.createContext("/", this::handle);
        http.start();
    }

    /** Starts serving {@code rubric}; the server listens when this returns. @throws IOException when it cannot bind */
    public static RewardServer create(Rubric rubric, RewardServerConfig config) throws IOException {
        return new RewardServer(rubric, config);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://host:port}. */
    public String url() {
        return "http://" + config.host() + ":" + port();
    }

    public ProviderInfo info() {
        return new ProviderInfo(
                rubric.name(),
                rubric.version(),
                rubric.determinism(),
                config.latencyBudget().toMillis(),
                config.maxBatch());
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String route =
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            switch (route) {
                case "GET /health" -> reply(exchange, 200, Map.of("status", "healthy"));
                case "GET /v1/info" -> reply(exchange, 200, info());
                case "POST /v1/score" -> {
                    JsonNode body = body(exchange);
                    if (body == null) {
                        return;
                    }
                    var results = scoreAll(exchange, List.of(body.path("trajectory")), budget(body));
                    if (results != null) {
                        reply(exchange, 200, Map.of("result", results.get(0)));
                    }
                }
                case "POST /v1/score/batch", "POST /v1/score/group" -> {
                    JsonNode body = body(exchange);
                    if (body == null) {
                        return;
                    }
                    JsonNode list = body.path("trajectories");
                    if (!list.isArray() || list.isEmpty() || list.size() > config.maxBatch()) {
                        error(
                                exchange,
                                400,
                                "BAD_REQUEST",
                                "'trajectories' must be an array of 1 to " + config.maxBatch() + " trajectories");
                        return;
                    }
                    var nodes = new ArrayList<JsonNode>();
                    list.forEach(nodes::add);
                    var results = scoreAll(exchange, nodes, budget(body));
                    if (results != null) {
                        reply(
                                exchange,
                                200,
                                route.endsWith("group") ? GroupScores.of(results) : Map.of("results", results));
                    }
                }
                default -> error(exchange, 404, "NOT_FOUND", "no route " + route + "; see docs/rewards.md");
            }
        } catch (RuntimeException e) {
            error(
                    exchange,
                    500,
                    "INTERNAL",
                    "the reward server failed: " + e.getClass().getSimpleName());
        }
    }

    private Duration budget(JsonNode body) {
        JsonNode requested = body.path("budget_ms");
        if (requested.isNumber()
                && requested.asLong() > 0
                && requested.asLong() < config.latencyBudget().toMillis()) {
            return Duration.ofMillis(requested.asLong());
        }
        return config.latencyBudget();
    }

    /** The scores in order, or {@code null} after replying with an error. */
    private List<Scored> scoreAll(HttpExchange exchange, List<JsonNode> nodes, Duration budget) throws IOException {
        var trajectories = new ArrayList<Trajectory>();
        for (JsonNode node : nodes) {
            try {
                if (!node.isObject()) {
                    throw new IllegalArgumentException("a trajectory must be a JSON object");
                }
                trajectories.add(WireJson.mapper().treeToValue(node, Trajectory.class));
            } catch (JacksonException | IllegalArgumentException e) {
                error(exchange, 400, "BAD_REQUEST", "not a trajectory: " + e.getMessage());
                return null;
            }
        }
        var tasks = new ArrayList<Callable<Scored>>();
        for (Trajectory t : trajectories) {
            tasks.add(() -> scoreOne(t));
        }
        List<Future<Scored>> futures;
        try {
            futures = workers.invokeAll(tasks, budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(exchange, 503, "INTERRUPTED", "the reward server is stopping");
            return null;
        }
        var results = new ArrayList<Scored>();
        for (Future<Scored> future : futures) {
            try {
                results.add(future.get());
            } catch (CancellationException e) {
                error(
                        exchange,
                        504,
                        "BUDGET_EXCEEDED",
                        "scoring took longer than the latency budget of " + budget.toMillis() + " ms");
                return null;
            } catch (ExecutionException e) {
                String message =
                        e.getCause() instanceof RubricException r ? r.getMessage() : String.valueOf(e.getCause());
                error(exchange, 502, "RUBRIC_FAILED", "rubric '" + rubric.name() + "' failed: " + message);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error(exchange, 503, "INTERRUPTED", "the reward server is stopping");
                return null;
            }
        }
        return results;
    }

    private Scored scoreOne(Trajectory trajectory) {
        String hash = ContentHash.of(rubric, trajectory);
        Score hit = cached(hash);
        if (hit != null) {
            return new Scored(trajectory.id(), hash, hit, true);
        }
        Score score = rubric.score(trajectory);
        if (config.cacheEntries() > 0) {
            cacheLock.lock();
            try {
                cache.putIfAbsent(hash, score);
            } finally {
                cacheLock.unlock();
            }
        }
        return new Scored(trajectory.id(), hash, score, false);
    }

    private Score cached(String hash) {
        cacheLock.lock();
        try {
            return cache.get(hash);
        } finally {
            cacheLock.unlock();
        }
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(config.maxBodyBytes() + 1);
        }
        if (bytes.length > config.maxBodyBytes()) {
            error(exchange, 413, "TOO_LARGE", "the body exceeds " + config.maxBodyBytes() + " bytes");
            return null;
        }
        try {
            JsonNode node = WireJson.parse(new String(bytes, StandardCharsets.UTF_8));
            if (node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            // answered below
        }
        error(exchange, 400, "BAD_REQUEST", "the body must be a JSON object");
        return null;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        reply(exchange, status, Map.of("error", Map.of("code", code, "message", message)));
    }

    private static void reply(HttpExchange exchange, int status, Object value) throws IOException {
        byte[] bytes = WireJson.write(value).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
