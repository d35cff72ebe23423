package io.openenv4j.validate.internal;

import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** An OpenEnv server under validation, reached over HTTP and WebSocket. Thread-safe. */
final class Target {

    /** One HTTP answer; {@code json} is null when the body is not JSON. */
    record Answer(int status, String body, JsonNode json, HttpHeaders headers) {
        Answer(int status, String body, JsonNode json) {
            this(status, body, json, HttpHeaders.of(Map.of(), (a, b) -> true));
        }

        boolean ok() {
            return status == 200 && json != null;
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String describe() {
            return "HTTP " + status + " " + Socket.abbreviate(body);
        }
    }

    private final String baseUrl;
    private final HttpClient http;
    private final Replies replies;

    Target(String baseUrl, Duration timeout) {
        this(baseUrl, new Replies(timeout));
    }

    Target(String baseUrl, Replies replies) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.replies = replies;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    String baseUrl() {
        return baseUrl;
    }

    Replies replies() {
        return replies;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(replies.timeout())
                .GET()
                .build());
    }

    Answer post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(replies.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Any method with any headers; a null body sends none. */
    Answer exchange(String method, String path, Map<String, String> headers, String body) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(replies.timeout());
        headers.forEach(builder::header);
        builder.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(builder.build());
    }

    /** Status and headers only: the body (maybe an endless event stream) is read up to 64 KiB at most, then dropped. */
    Answer exchangeHead(String method, String path, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(replies.timeout());
        headers.forEach(builder::header);
        builder.method(method, HttpRequest.BodyPublishers.noBody());
        try {
            HttpResponse<java.io.InputStream> response =
                    http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            String body = "";
            try (var in = response.body()) {
                if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                    body = new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            return new Answer(response.statusCode(), body, null, response.headers());
        } catch (IOException e) {
            return new Answer(-1, "transport failure: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", null);
        }
    }

    Socket socket() {
        return Socket.open(http, baseUrl, replies);
    }

    private Answer send(HttpRequest request) {
        String what = request.method() + " " + request.uri().getPath();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            replies.answered(what, System.nanoTime() - start);
            JsonNode json;
            try {
                json = WireJson.parse(response.body());
            } catch (RuntimeException e) {
                json = null;
            }
            return new Answer(response.statusCode(), response.body(), json, response.headers());
        } catch (HttpTimeoutException e) {
            replies.unanswered(what + ": no reply within " + replies.timeout().toMillis() + " ms");
            return new Answer(-1, "no reply within " + replies.timeout().toMillis() + " ms", null);
        } catch (IOException e) {
            return new Answer(-1, "transport failure: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", null);
        }
    }
}
