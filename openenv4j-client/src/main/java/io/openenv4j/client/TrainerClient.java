package io.openenv4j.client;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The trainer's side of an OpenEnv4j server's trainer channel ({@code GET /trainer/episodes…}, an OpenEnv4j
 * extension; docs/rewards.md): episode outcomes and reward details that never reach the agent. Needs the
 * server's {@code OPENENV_TRAINER_TOKEN}. Failures: {@link TransportException} (could not connect, timeout),
 * {@link HttpStatusException} (401 wrong token, 404 unknown episode or no trainer channel), {@link
 * ProtocolException} (a reply that is not a valid record). Thread-safe.
 *
 * <pre>{@code
 * var trainer = TrainerClient.create("http://localhost:8000", System.getenv("OPENENV_TRAINER_TOKEN"));
 * TrainerEpisode episode = trainer.episode("ep-1");
 * episode.trajectory().outcome().fact("answer");
 * }</pre>
 */
public final class TrainerClient {

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    private TrainerClient(URI base, String token, Duration timeout) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A client of the server at {@code baseUrl} ({@code http://host:port}) with a 30 s timeout. */
    public static TrainerClient create(String baseUrl, String token) {
        return new TrainerClient(URI.create(Objects.requireNonNull(baseUrl, "baseUrl")), token, Duration.ofSeconds(30));
    }

    /** The same, waiting at most {@code timeout} for each reply. */
    public TrainerClient withTimeout(Duration newTimeout) {
        return new TrainerClient(base, token, newTimeout);
    }

    /** The ids of the episodes the server keeps, the most recently started first. */
    public List<String> episodes() {
        JsonNode reply = get("/trainer/episodes");
        var ids = new ArrayList<String>();
        for (JsonNode episode : reply.path("episodes")) {
            ids.add(episode.path("episode_id").asString());
        }
        return ids;
    }

    /** The episode {@code episodeId}: trajectory, outcome and the provider's rewards so far. */
    public TrainerEpisode episode(String episodeId) {
        String path = "/trainer/episodes/"
                + URLEncoder.encode(episodeId, StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode reply = get(path);
        try {
            return WireJson.mapper().treeToValue(reply, TrainerEpisode.class);
        } catch (RuntimeException e) {
            throw new ProtocolException(
                    "GET " + path + " answered something that is not an episode record: " + e.getMessage(), e);
        }
    }

    private JsonNode get(String path) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new TransportException(
                    TransportException.Kind.CONNECT_FAILED, "could not connect to " + base + ": " + e.getMessage(), e);
        } catch (HttpTimeoutException e) {
            throw new TransportException(
                    TransportException.Kind.TIMEOUT, "GET " + path + " got no reply within " + timeout, e);
        } catch (IOException e) {
            throw new TransportException(TransportException.Kind.IO, "GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(TransportException.Kind.INTERRUPTED, "interrupted during GET " + path, e);
        }
        if (response.statusCode() != 200) {
            throw new HttpStatusException("GET", path, response.statusCode(), response.body());
        }
        try {
            return WireJson.parse(response.body());
        } catch (RuntimeException e) {
            throw new ProtocolException("GET " + path + " answered something that is not JSON", e);
        }
    }
}
