package io.openenv4j.rewards;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Calls a reward provider (a {@link RewardServer} or any service speaking docs/rewards.md). Every call
 * either returns scores for exactly the trajectories sent, in order, or throws {@link
 * RewardProviderException}: timeouts, non-2xx replies and malformed replies are errors, never zeros.
 * Thread-safe.
 */
public final class RewardClient {

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    private RewardClient(URI base, Duration timeout) {
        this.base = URI.create(Objects.requireNonNull(base, "base").toString().replaceAll("/+$", ""));
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A client of the provider at {@code base} ({@code http://host:port}); each call waits at most {@code timeout}. */
    public static RewardClient create(URI base, Duration timeout) {
        return new RewardClient(base, timeout);
    }

    public ProviderInfo info() {
        return decode(send("GET", "/v1/info", null), ProviderInfo.class, "/v1/info");
    }

    public Scored score(Trajectory trajectory) {
        JsonNode reply = send("POST", "/v1/score", Map.of("trajectory", trajectory));
        Scored scored = decode(reply.path("result"), Scored.class, "/v1/score");
        return scored;
    }

    /** Scores of {@code trajectories}, in order. */
    public List<Scored> scoreBatch(List<Trajectory> trajectories) {
        JsonNode reply = send("POST", "/v1/score/batch", body(trajectories));
        List<Scored> results = List.of(decode(reply.path("results"), Scored[].class, "/v1/score/batch"));
        checkCount(results.size(), trajectories.size(), "/v1/score/batch");
        return results;
    }

    /** Scores and group-relative advantages of {@code trajectories}, in order. */
    public GroupScores scoreGroup(List<Trajectory> trajectories) {
        JsonNode reply = send("POST", "/v1/score/group", body(trajectories));
        GroupScores group = decode(reply, GroupScores.class, "/v1/score/group");
        checkCount(group.results().size(), trajectories.size(), "/v1/score/group");
        return group;
    }

    private static Map<String, Object> body(List<Trajectory> trajectories) {
        var body = new LinkedHashMap<String, Object>();
        body.put("trajectories", trajectories);
        return body;
    }

    private static void checkCount(int got, int sent, String path) {
        if (got != sent) {
            throw new RewardProviderException(
                    RewardProviderException.Kind.MALFORMED_REPLY,
                    200,
                    null,
                    path + " answered " + got + " results for " + sent + " trajectories",
                    null);
        }
    }

    private JsonNode send(String method, String path, Object body) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (body == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(WireJson.write(body)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new RewardProviderException(
                    RewardProviderException.Kind.CONNECT_FAILED,
                    "could not connect to the reward provider at " + base + ": " + e.getMessage(),
                    e);
        } catch (HttpTimeoutException e) {
            throw new RewardProviderException(
                    RewardProviderException.Kind.TIMEOUT,
                    method + " " + path + " got no reply within " + timeout.toMillis() + " ms",
                    e);
        } catch (IOException e) {
            throw new RewardProviderException(
                    RewardProviderException.Kind.IO, method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RewardProviderException(
                    RewardProviderException.Kind.INTERRUPTED, "interrupted during " + method + " " + path, e);
        }
        JsonNode reply = null;
        try {
            reply = WireJson.parse(response.body());
        } catch (RuntimeException e) {
            // handled below, by status
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            JsonNode error = reply == null ? null : reply.path("error");
            String code = error != null && error.path("code").isString()
                    ? error.path("code").asString()
                    : null;
            String message = error != null && error.path("message").isString()
                    ? error.path("message").asString()
                    : abbreviate(response.body());
            throw new RewardProviderException(
                    RewardProviderException.Kind.PROVIDER_ERROR,
                    status,
                    code,
                    method + " " + path + " answered " + status + (code == null ? "" : " " + code) + ": " + message,
                    null);
        }
        if (reply == null || !reply.isObject()) {
            throw new RewardProviderException(
                    RewardProviderException.Kind.MALFORMED_REPLY,
                    status,
                    null,
                    method + " " + path + " answered something that is not a JSON object: "
                            + abbreviate(response.body()),
                    null);
        }
        return reply;
    }

    private static <T> T decode(JsonNode node, Class<T> type, String path) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new RewardProviderException(
                    RewardProviderException.Kind.MALFORMED_REPLY,
                    200,
                    null,
                    path + " reply lacks its " + type.getSimpleName(),
                    null);
        }
        try {
            T value = WireJson.mapper().treeToValue(node, type);
            if (value == null) {
                throw new IllegalArgumentException("null");
            }
            return value;
        } catch (RuntimeException e) {
            throw new RewardProviderException(
                    RewardProviderException.Kind.MALFORMED_REPLY,
                    200,
                    null,
                    path + " reply is not a valid " + type.getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
