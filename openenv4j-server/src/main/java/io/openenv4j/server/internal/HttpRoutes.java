package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.StepOptions;
import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.server.ServerMode;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.InvalidInputException;
import io.openenv4j.wire.ValidationIssue;
import io.openenv4j.wire.WireJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP routes, with the reference's paths, shapes and status codes. The simulation routes are
 * stateless as in the reference: each request gets a fresh environment instance, closed afterwards.
 * Blocking work runs on virtual threads.
 */
final class HttpRoutes<A, O, S> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpRoutes.class);
    private static final String JSON = "application/json";

    private final EnvSpec<A, O, S> spec;
    private final EnvCodec<A, O, S> codec;
    private final ServerConfig config;
    private final McpRouter<A, O, S> mcp;
    private final McpStreamableHttp<A, O, S> streamable;
    private final Scoring<A, O, S> scoring;
    private final TrainerRoutes trainer;
    private final WebPage web;
    private final String schema;
    private final String metadata;
    private final String openApi;

    HttpRoutes(EnvSpec<A, O, S> spec, ServerConfig config, McpRouter<A, O, S> mcp, McpStreamableHttp<A, O, S> streamable,
            Scoring<A, O, S> scoring, WebPage web) {
        this.spec = spec;
        this.codec = EnvCodec.of(spec);
        this.config = config;
        this.mcp = mcp;
        this.streamable = streamable;
        this.scoring = scoring;
        this.web = web;
        this.trainer = config.trainer() == null ? null : new TrainerRoutes(config.trainer(), scoring.log());
        this.schema = WireJson.write(codec.schema());
        this.metadata = WireJson.write(spec.metadata());
        this.openApi = WireJson.write(OpenApi.document(spec, config.mode()));
    }

    void handle(HttpServerRequest request) {
        String path = request.path();
        HttpMethod method = request.method();
        if (trainer != null && TrainerRoutes.claims(path)) {
            trainer.handle(request);
            return;
        }
        if (web != null && WebPage.claims(path)) {
            web.handle(request);
            return;
        }
        Route route = route(path);
        if (route == null) {
            if (path.length() > 1 && path.endsWith("/") && route(path.substring(0, path.length() - 1)) != null) {
                String query = request.query() == null ? "" : "?" + request.query();
                String authority = request.authority() == null ? "" : request.scheme() + "://" + request.authority();
                request.response().setStatusCode(307)
                        .putHeader("location", authority + path.substring(0, path.length() - 1) + query).end();
                return;
            }
            detail(request.response(), 404, "Not Found");
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
            case METADATA -> json(request.response(), 200, metadata);
            case SCHEMA -> json(request.response(), 200, schema);
            case OPENAPI -> json(request.response(), 200, openApi);
            case STATE -> Thread.ofVirtual().start(() -> state(request.response()));
            case RESET, STEP, MCP -> body(request, route);
        }
    }

    private Route route(String path) {
        Route route = switch (path) {
            case "/health" -> Route.HEALTH;
            case "/metadata" -> Route.METADATA;
            case "/schema" -> Route.SCHEMA;
            case "/openapi.json" -> Route.OPENAPI;
            case "/reset" -> Route.RESET;
            case "/step" -> Route.STEP;
            case "/state" -> Route.STATE;
            case "/mcp" -> Route.MCP;
            default -> null;
        };
        if (route != null && route.simulationOnly && config.mode() == ServerMode.PRODUCTION) {
            return null;
        }
        return route;
    }

    private void body(HttpServerRequest request, Route route) {
        var body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > config.maxMessageBytes()) {
                if (!request.response().ended()) {
                    request.pause();
                    detail(request.response().putHeader("connection", "close"), 413,
                            "Request body larger than " + config.maxMessageBytes() + " bytes");
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            if (request.response().ended()) {
                return;
            }
            String text = body.toString(java.nio.charset.StandardCharsets.UTF_8);
            String contentType = request.getHeader("content-type");
            Thread.ofVirtual().start(() -> {
                try {
                    if (route != Route.MCP && !text.isEmpty() && !isJson(contentType)) {
                        unprocessable(request.response(), List.of(new ValidationIssue("model_attributes_type", List.of(),
                                "Input should be a valid dictionary or object to extract fields from", text)), "body");
                        return;
                    }
                    switch (route) {
                        case RESET -> reset(request.response(), text);
                        case STEP -> step(request.response(), text);
                        case MCP -> mcp(request, text);
                        default -> throw new IllegalStateException("not a body route: " + route);
                    }
                } catch (Throwable t) {
                    LOG.error("{} failed", route, t);
                    if (!request.response().ended()) {
                        detail(request.response(), 500, "Internal Server Error");
                    }
                }
            });
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
            request = EnvCodec.decodeReset(body, true);
        } catch (JacksonException e) {
            invalidJson(response, e);
            return;
        } catch (InvalidInputException e) {
            unprocessable(response, e.issues(), "body");
            return;
        }
        withFreshEnvironment(response, env -> codec.encodeStep(scoring.afterReset(new Scoring.Track(), env, env.reset(request))));
    }

    private void step(HttpServerResponse response, String text) {
        JsonNode body;
        try {
            body = WireJson.parse(text);
        } catch (JacksonException e) {
            invalidJson(response, e);
            return;
        }
        var issues = new ArrayList<ValidationIssue>();
        if (body == null || !body.isObject()) {
            issues.add(new ValidationIssue("model_attributes_type", List.of(),
                    "Input should be a valid dictionary or object to extract fields from",
                    body == null ? null : WireJson.toPlain(body)));
            unprocessable(response, issues, "body");
            return;
        }
        JsonNode actionNode = body.get("action");
        if (actionNode == null) {
            issues.add(new ValidationIssue("missing", List.of("action"), "Field required", WireJson.toPlain(body)));
        } else if (!actionNode.isObject()) {
            issues.add(new ValidationIssue("dict_type", List.of("action"), "Input should be a valid dictionary",
                    WireJson.toPlain(actionNode)));
        }
        Duration timeout = null;
        JsonNode timeoutNode = body.get("timeout_s");
        if (timeoutNode != null && !timeoutNode.isNull()) {
            if (!timeoutNode.isNumber() || !(timeoutNode.doubleValue() > 0) || !Double.isFinite(timeoutNode.doubleValue())) {
                issues.add(new ValidationIssue("greater_than", List.of("timeout_s"), "Input should be greater than 0",
                        WireJson.toPlain(timeoutNode)));
            } else {
                timeout = Duration.ofNanos((long) (timeoutNode.doubleValue() * 1e9));
            }
        }
        String requestId = null;
        JsonNode requestIdNode = body.get("request_id");
        if (requestIdNode != null && !requestIdNode.isNull()) {
            if (!requestIdNode.isString() || requestIdNode.stringValue().length() > 255) {
                issues.add(new ValidationIssue("string_type", List.of("request_id"),
                        "Input should be a string of at most 255 characters", WireJson.toPlain(requestIdNode)));
            } else {
                requestId = requestIdNode.stringValue();
            }
        }
        if (!issues.isEmpty()) {
            unprocessable(response, issues, "body");
            return;
        }
        A action;
        try {
            action = codec.decodeAction(actionNode);
        } catch (InvalidInputException e) {
            unprocessable(response, e.issues(), null);
            return;
        }
        StepOptions options = new StepOptions(timeout, requestId);
        withFreshEnvironment(response, env -> codec.encodeStep(
                scoring.afterStep(new Scoring.Track(), env, actionNode, env.step(action, options))));
    }

    private void state(HttpServerResponse response) {
        withFreshEnvironment(response, env -> codec.encodeState(env.state()));
    }

    /** Spec MCP (Streamable HTTP) when the headers or an {@code initialize} say so, else OpenEnv's dialect. */
    private void mcp(HttpServerRequest request, String text) {
        if (McpStreamableHttp.claimsByHeaders(request) || McpStreamableHttp.isInitialize(text)) {
            streamable.post(request, text);
            return;
        }
        HttpServerResponse response = request.response();
        ObjectNode reply = switch (JsonRpc.parse(text)) {
            case JsonRpc.Valid valid -> mcp.handle(valid.request(), null);
            case JsonRpc.Rejected rejected -> rejected.response();
        };
        json(response, 200, WireJson.write(reply));
    }

    private void withFreshEnvironment(HttpServerResponse response, Call<A, O, S> call) {
        Environment<A, O, S> env;
        try {
            env = spec.factory().create();
        } catch (Exception e) {
            LOG.warn("environment factory '{}' failed", spec.factoryName(), e);
            detail(response, 500, "Environment factory '" + spec.factoryName() + "' failed to create instance.");
            return;
        }
        String body;
        try {
            body = WireJson.write(call.apply(env));
        } catch (Scoring.Failure e) {
            body = null;
            json(response, 502, WireJson.write(e.httpBody()));
        } catch (RuntimeException e) {
            LOG.debug("environment call failed", e);
            body = null;
            detail(response, 500, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            try {
                env.close();
            } catch (RuntimeException e) {
                LOG.warn("closing a stateless environment instance failed", e);
            }
        }
        if (body != null) {
            json(response, 200, body);
        }
    }

    private static void invalidJson(HttpServerResponse response, JacksonException e) {
        long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
        unprocessable(response, List.of(new ValidationIssue("json_invalid", List.of(offset), "JSON decode error",
                Map.of())), "body");
        LOG.debug("malformed JSON body: {}", e.getOriginalMessage());
    }

    private static void unprocessable(HttpServerResponse response, List<ValidationIssue> issues, String prefix) {
        var body = WireJson.object();
        var detail = body.putArray("detail");
        for (ValidationIssue issue : issues) {
            ValidationIssue located = prefix == null ? issue : issue.under(prefix);
            detail.add(WireJson.mapper().valueToTree(located.toMap()));
        }
        json(response, 422, WireJson.write(body));
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
        METADATA(HttpMethod.GET, false),
        SCHEMA(HttpMethod.GET, false),
        OPENAPI(HttpMethod.GET, false),
        RESET(HttpMethod.POST, true),
        STEP(HttpMethod.POST, true),
        STATE(HttpMethod.GET, true),
        MCP(HttpMethod.POST, false);

        final HttpMethod method;
        final boolean simulationOnly;

        Route(HttpMethod method, boolean simulationOnly) {
            this.method = method;
            this.simulationOnly = simulationOnly;
        }
    }

    @FunctionalInterface
    private interface Call<A, O, S> {
        JsonNode apply(Environment<A, O, S> env);
    }
}
