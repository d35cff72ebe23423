package io.openenv4j.server;

import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** A raw HTTP/1.1 client for tests (the JDK's); never follows redirects. */
final class HttpPeer {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** A response. */
    record Reply(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            return WireJson.parse(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private HttpPeer() {}

    static Reply get(EnvServer server, String path) throws Exception {
        return send(server, "GET", path, null);
    }

    static Reply post(EnvServer server, String path, String body) throws Exception {
        return send(server, "POST", path, body);
    }

    /** A GET with {@code Authorization: Bearer <token>} (no header when {@code token} is null). */
    static Reply getWithToken(EnvServer server, String path, String token) throws Exception {
        var request =
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        HttpResponse<String> response = CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers(), response.body());
    }

    static Reply send(EnvServer server, String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers(), response.body());
    }
}
