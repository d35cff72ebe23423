package io.openenv4j.client.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The readiness probe providers use on a replica they reach directly: {@code GET /health} answering 200. */
public final class HealthCheck {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HealthCheck() {}

    /**
     * Whether {@code GET <replica>/health} answers 200 within 2 s (a refused or failed connection is "not yet").
     *
     * @param replica the replica's base URL, e.g. {@code http://127.0.0.1:41001}
     */
    public static boolean answers(URI replica) throws InterruptedException {
        try {
            var response = HTTP.send(
                    HttpRequest.newBuilder(replica.resolve("/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
