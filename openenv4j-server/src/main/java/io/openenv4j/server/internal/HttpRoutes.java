package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.mcp.server.McpServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.server.ServerMode;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.InvalidInputException;
import io.openenv4j.wire.StepBody;
import io.openenv4j.wire.ValidationIssue;
import io.openenv4j.wire.WireError;
import io.openenv4j.wire.WireErrors;
import io.openenv4j.wire.WireExtension;
import io.openenv4j.wire.WireJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP routes, with the reference's paths, shapes and status codes. The simulation routes are
 * stateless as in the reference: each request is one command the {@link SessionEngine} runs on a fresh
 * environment instance, closed afterwards; bodies are parsed by the wire module ({@link StepBody}) and
 * errors rendered by {@link WireErrors}. Blocking work runs on virtual threads.
 */
final class HttpRoutes<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpRoutes.class);
    private static final String JSON = "application/json";

    private final EnvSpec<A, O, S> spec;
    private final EnvCodec<A, O, S> codec;
    private final ServerConfig config;
    private final McpServer mcp;
    private final McpStreamableHttp streamable;
    private final SessionEngine<A, O, S> engine;
    private final TrainerRoutes trainer;
    private final AccessCheck access;
    private final WebPage web;
    private final TaskRoutes tasks;
    private final String schema;
    private final String metadata;
    private final String extensions;
    private final String openApi;

    HttpRoutes(
            EnvSpec<A, O, S> spec,
            ServerConfig config,
            McpServer mcp,
            McpStreamableHttp streamable,
            Scoring<A, O, S> scoring,
            SessionEngine<A, O, S> engine,
            WebPage web) {
        this.spec = spec;
        this.engine = engine;
        this.codec = EnvCodec.of(spec);
        this.config = config;
        this.mcp = mcp;
        this.streamable = streamable;
        this.web = web;
        this.tasks = new TaskRoutes(spec);
        this.trainer = config.trainer() == null ? null : new TrainerRoutes(config.trainer(), scoring.log());
        this.access = new AccessCheck(config.access().token());
        this.schema = WireJson.write(codec.schema());
        this.metadata = WireJson.write(spec.metadata());
        this.extensions = WireExtension.header(offeredExtensions(config));
        this.openApi = WireJson.write(OpenApi.document(spec, config.mode()));
    }

    /** The extensions this server offers, announced on {@code GET /metadata} (docs/protocol.md). */
    static EnumSet<WireExtension> offeredExtensions(ServerConfig config) {
        var offered = EnumSet.of(WireExtension.WS_BATCH, WireExtension.MEASURED_FIELDS);
        if (config.trainer() != null) {
            offered.add(WireExtension.TRAINER);
        }
        if (config.rewards() != null) {
            offered.add(WireExtension.REWARD_ERROR);
        }
        return offered;
    }

    /**
     * {@code GET} or {@code HEAD /health} answers without the access token: liveness and readiness probes
     * (Kubernetes, Docker's HEALTHCHECK, the reference's providers) poll it without credentials, and it tells
     * nothing but that the server is up.
     */
    private static boolean isHealthProbe(String path, HttpMethod method) {
        return path.equals("/health") && (method == HttpMethod.GET || method == HttpMethod.HEAD);
    }

    void handle(HttpServerRequest request) {
        String path = request.path();
        HttpMethod method = request.method();
        if (request.version() == io.vertx.core.http.HttpVersion.HTTP_1_1 && request.getHeader("host") == null) {
            // RFC 9112 section 3.2: a server must answer 400 to an HTTP/1.1 request without Host.
            detail(request.response().putHeader("connection", "close"), 400, "Bad Request: missing Host header");
            return;
        }
        if (trainer != null && TrainerRoutes.claims(path)) {
            trainer.handle(request);
            return;
        }
        boolean webPath = web != null && WebPage.claims(path);
        if (!access.allows(request.getHeader("authorization")) && !isHealthProbe(path, method)) {
            // A browser cannot attach a bearer token, but it asks for Basic credentials (any user name, the token as
            // password) on a Basic challenge and then sends them with the page's own requests and its WebSocket.
            request.response()
                    .putHeader("www-authenticate", webPath ? AccessCheck.BASIC_CHALLENGE : AccessCheck.CHALLENGE);
            detail(request.response(), 401, AccessCheck.REFUSAL);
            return;
        }
        if (webPath) {
            web.handle(request);
            return;
        }
        Route route = route(path);
        if (route == null) {
            if (path.length() > 1 && path.endsWith("/") && route(path.substring(0, path.length() - 1)) != null) {
                String query = request.query() == null ? "" : "?" + request.query();
                String authority = request.authority() == null ? "" : request.scheme() + "://" + request.authority();
                request.response()
                        .setStatusCode(307)
                        .putHeader("location", authority + path.substring(0, path.length() - 1) + query)
                        .end();
                return;
            }
            detail(request.response(), 404, "Not Found");
            return;
        }
        if (!config.mcp().allowsOrigin(request.getHeader("origin"))) {
            // A web page on another origin (or a DNS-rebound name) must not drive the server; clients that are
            // not browsers send no Origin and pass (docs/security.md).
            LOG.debug("refused {} {} from origin {}", method, path, request.getHeader("origin"));
            if (route == Route.MCP) {
                McpStreamableHttp.forbidden(request.response());
            } else {
                detail(request.response(), 403, "Forbidden: origin not allowed");
            }
            return;
        }
        if (route == Route.MCP && !method.equals(HttpMethod.POST) && McpStreamableHttp.claimsByHeaders(request)) {
            streamable.handleWithoutBody(request);
            return;
        }
        if (!route.method.equals(method) && !(method.equals(HttpMethod.HEAD) && route.method.equals(HttpMethod.GET))) {
            request.response().putHeader("allow", route.method.name());
            detail(request.response(), 405, "Method Not Allowed");
            return;
        }
        switch (route) {
            case HEALTH -> json(request.response(), 200, "{\"status\":\"healthy\"}");
            case CAPACITY -> json(request.response().putHeader("cache-control", "no-store"), 200, capacity());
            case METADATA -> json(request.response().putHeader(WireExtension.HEADER, extensions), 200, metadata);
            case SCHEMA -> json(request.response(), 200, schema);
            case OPENAPI -> json(request.response(), 200, openApi);
            case STATE -> Thread.ofVirtual().start(() -> state(request.response()));
            case LIST_ENVIRONMENTS -> reply(request.response(), tasks.listEnvironments());
            case SPLITS -> Thread.ofVirtual().start(() -> reply(request.response(), tasks.splits(path)));
            case RESET, STEP, MCP, TASK_API -> body(request, route);
        }
    }

    /**
     * What a placement layer reads to place new sessions (docs/scale-out.md): the session limit, the slots
     * held now, the free ones, whether the server is draining (then it takes no new sessions), and its idle
     * timeout in seconds ({@code null} for none), after which a session the router knows of is gone here.
     */
    private String capacity() {
        SessionEngine.Capacity capacity = engine.capacity();
        var node = WireJson.object();
        node.put("max_sessions", capacity.max());
        node.put("active_sessions", capacity.active());
        node.put("free_sessions", capacity.free());
        node.put("draining", capacity.draining());
        if (config.idleTimeout() == null) {
            node.putNull("idle_timeout_s");
        } else {
            node.put(
                    "idle_timeout_s",
                    java.math.BigDecimal.valueOf(config.idleTimeout().toNanos(), 9)
                            .stripTrailingZeros());
        }
        return WireJson.write(node);
    }

    private Route route(String path) {
        Route route = switch (path) {
            case "/health" -> Route.HEALTH;
            case "/capacity" -> Route.CAPACITY;
            case "/metadata" -> Route.METADATA;
            case "/schema" -> Route.SCHEMA;
            case "/openapi.json" -> Route.OPENAPI;
            case "/reset" -> Route.RESET;
            case "/step" -> Route.STEP;
            case "/state" -> Route.STATE;
            case "/mcp" -> Route.MCP;
            case "/list_environments" -> Route.LIST_ENVIRONMENTS;
            default -> {
                String operation = TaskRoutes.operation(path);
                yield operation == null ? null : operation.equals("splits") ? Route.SPLITS : Route.TASK_API;
            }
        };
        if (route != null && route.simulationOnly && config.mode() == ServerMode.PRODUCTION) {
            return null;
        }
        return route;
    }

    private void body(HttpServerRequest request, Route route) {
        var body = Buffer.buffer();
        // A body that trickles in (or stops) must not hold the connection forever: 408, then close.
        var vertx = io.vertx.core.Vertx.currentContext().owner();
        long bodyTimer = vertx.setTimer(config.limits().bodyTimeout().toMillis(), ignored -> {
            if (!request.response().ended()) {
                LOG.debug("request body not received within {}", config.limits().bodyTimeout());
                request.pause();
                detail(
                        request.response().putHeader("connection", "close"),
                        408,
                        "Request body not received within "
                                + config.limits().bodyTimeout().toSeconds() + " s");
            }
        });
        request.handler(chunk -> {
            if (body.length() + chunk.length() > config.maxMessageBytes()) {
                if (!request.response().ended()) {
                    request.pause();
                    detail(
                            request.response().putHeader("connection", "close"),
                            413,
                            "Request body larger than " + config.maxMessageBytes() + " bytes");
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            vertx.cancelTimer(bodyTimer);
            if (request.response().ended()) {
                return;
            }
            String text = body.toString(java.nio.charset.StandardCharsets.UTF_8);
            String contentType = request.getHeader("content-type");
            Thread worker = Thread.ofVirtual().unstarted(() -> {
                try {
                    if (route != Route.MCP && !text.isEmpty() && !isJson(contentType)) {
                        unprocessable(
                                request.response(),
                                List.of(new ValidationIssue(
                                        "model_attributes_type",
                                        List.of(),
                                        "Input should be a valid dictionary or object to extract fields from",
                                        text)),
                                "body");
                        return;
                    }
                    switch (route) {
                        case RESET -> reset(request.response(), text);
                        case STEP -> step(request.response(), text);
                        case MCP -> mcp(request, text);
                        case TASK_API -> reply(request.response(), tasks.post(request.path(), text));
                        default -> throw new IllegalStateException("not a body route: " + route);
                    }
                } catch (Throwable t) {
                    LOG.error("{} failed", route, t);
                    if (!request.response().ended()) {
                        detail(request.response(), 500, "Internal Server Error");
                    }
                }
            });
            // A client that hangs up mid-call stops the call: its throw-away environment is closed at once.
            // (Not on /mcp: there a dropped connection is no cancellation, as the MCP specification says.)
            if (route != Route.MCP) {
                request.response().closeHandler(gone -> worker.interrupt());
            }
            worker.start();
        });
    }

    /** As FastAPI: a body is read as JSON when no content type is given or the type is JSON. */
    private static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private void reset(HttpServerResponse response, String text) {
        ResetRequest request;
        try {
            JsonNode body = text.isBlank() ? null : WireJson.parse(text);
            request = EnvCodec.decodeReset(body, EnvCodec.ResetValidation.STRICT);
        } catch (JacksonException e) {
            invalidJson(response, e);
            return;
        } catch (InvalidInputException e) {
            unprocessable(response, e.issues(), "body");
            return;
        }
        respond(response, engine.runOnFresh(new Command.Reset<>(request), () -> timedOut(response)));
    }

    private void step(HttpServerResponse response, String text) {
        JsonNode body;
        try {
            body = WireJson.parse(text);
        } catch (JacksonException e) {
            invalidJson(response, e);
            return;
        }
        StepBody step;
        try {
            step = StepBody.parse(body);
        } catch (InvalidInputException e) {
            unprocessable(response, e.issues(), "body");
            return;
        }
        A action;
        try {
            action = codec.decodeAction(step.action());
        } catch (InvalidInputException e) {
            unprocessable(response, e.issues(), null);
            return;
        }
        respond(
                response,
                engine.runOnFresh(new Command.Step<>(action, step.action(), step.options()), () -> timedOut(response)));
    }

    private void state(HttpServerResponse response) {
        respond(response, engine.runOnFresh(new Command.State<>(), () -> timedOut(response)));
    }

    /** Spec MCP (Streamable HTTP) when the headers or an {@code initialize} say so, else OpenEnv's dialect. */
    private void mcp(HttpServerRequest request, String text) {
        if (McpStreamableHttp.claimsByHeaders(request) || McpStreamableHttp.isInitialize(text)) {
            streamable.post(request, text);
            return;
        }
        HttpServerResponse response = request.response();
        ObjectNode reply = switch (JsonRpc.parse(text)) {
            case JsonRpc.Valid valid -> mcp.dialect(valid.request(), null);
            case JsonRpc.Rejected rejected -> rejected.response();
        };
        json(response, 200, WireJson.write(reply));
    }

    /** Writes the engine's reply to a stateless call (the instance is closed and its slot free by now). */
    private void respond(HttpServerResponse response, Reply<O, S> reply) {
        switch (reply) {
            case Reply.Stepped<O, S> stepped ->
                json(response, 200, WireJson.write(codec.encodeHttpStep(stepped.step())));
            case Reply.StateOf<O, S> state -> json(response, 200, WireJson.write(codec.encodeState(state.state())));
            case Reply.Failed<O, S> failed -> http(response, WireErrors.http(failed.error()));
            case Reply.TimedOut<O, S> ignored -> timedOut(response);
            case Reply.Closed<O, S> ignored -> throw new IllegalStateException("a stateless call is never closed");
        }
    }

    /** 504 for a call past the step timeout (also while a call that ignores its cancellation still runs). */
    private void timedOut(HttpServerResponse response) {
        if (!response.ended()) {
            http(response, WireErrors.httpTimedOut(config.limits().stepTimeout()));
        }
    }

    private static void http(HttpServerResponse response, WireErrors.HttpError error) {
        error.headers().forEach(response::putHeader);
        json(response, error.status(), error.body());
    }

    private static void invalidJson(HttpServerResponse response, JacksonException e) {
        long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
        unprocessable(
                response,
                List.of(new ValidationIssue("json_invalid", List.of(offset), "JSON decode error", Map.of())),
                "body");
        LOG.debug("malformed JSON body: {}", e.getOriginalMessage());
    }

    /** 422 with the issues, located under {@code prefix} unless it is {@code null}. */
    private static void unprocessable(HttpServerResponse response, List<ValidationIssue> issues, String prefix) {
        http(
                response,
                prefix == null ? WireErrors.http(WireError.validation(issues)) : WireErrors.httpBodyInvalid(issues));
    }

    private static void reply(HttpServerResponse response, TaskRoutes.Reply reply) {
        json(response, reply.status(), WireJson.write(reply.body()));
    }

    private static void detail(HttpServerResponse response, int status, String message) {
        var body = WireJson.object();
        body.put("detail", message);
        json(response, status, WireJson.write(body));
    }

    private static void json(HttpServerResponse response, int status, String body) {
        response.setStatusCode(status).putHeader("content-type", JSON).end(body);
    }

    private enum Route {
        HEALTH(HttpMethod.GET, false),
        CAPACITY(HttpMethod.GET, false),
        METADATA(HttpMethod.GET, false),
        SCHEMA(HttpMethod.GET, false),
        OPENAPI(HttpMethod.GET, false),
        RESET(HttpMethod.POST, true),
        STEP(HttpMethod.POST, true),
        STATE(HttpMethod.GET, true),
        MCP(HttpMethod.POST, false),
        LIST_ENVIRONMENTS(HttpMethod.GET, false),
        SPLITS(HttpMethod.GET, false),
        TASK_API(HttpMethod.POST, false);

        final HttpMethod method;
        final boolean simulationOnly;

        Route(HttpMethod method, boolean simulationOnly) {
            this.method = method;
            this.simulationOnly = simulationOnly;
        }
    }
}
