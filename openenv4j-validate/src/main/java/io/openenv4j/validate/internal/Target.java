package io.openenv4j.validate.internal;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** An OpenEnv server under validation, reached over HTTP and WebSocket. Thread-safe. */
final class Target {

    /** One HTTP answer; {@code json} is null when the body is not JSON. */
    record Answer(int status, String body, JsonNode json) {
        boolean ok() {
            return status == 200 && json != null;
        }

        String describe() {
            return "HTTP " + status + " " + Socket.abbreviate(body);
        }
    }

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;

    Target(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    String baseUrl() {
        return baseUrl;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).GET().build());
    }

    Answer post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Socket socket() {
        return Socket.open(http, baseUrl, timeout);
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = WireJson.parse(response.body());
            } catch (RuntimeException e) {
                json = null;
            }
            return new Answer(response.statusCode(), response.body(), json);
        } catch (IOException e) {
            return new Answer(-1, "transport failure: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", null);
        }
    }
}
