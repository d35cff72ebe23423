package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code openenv4j serve} as a container runs it: configured by {@code PORT}/{@code HOST}, healthy quickly,
 * and on SIGTERM it closes open sessions (close code 1001) and exits cleanly.
 */
class ServeProcessTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void containerContractPortFromEnvironmentHealthAndGracefulSigterm() throws Exception {
        int port = PythonReference.freePort();
        var serve = ServeProcess.start(
                Map.of("PORT", String.valueOf(port), "HOST", "127.0.0.1", "MAX_CONCURRENT_ENVS", "4"), "serve", "echo");
        Process process = serve.process;
        try {
            String line = serve.awaitLine("Serving", Duration.ofSeconds(60));
            assertThat(line).contains("http://127.0.0.1:" + port);

            var health = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"healthy\"}");

            var closed = new CompletableFuture<Integer>();
            var replies = new java.util.concurrent.LinkedBlockingQueue<String>();
            WebSocket ws = HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            replies.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.complete(statusCode);
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"reset\",\"data\":{}}", true).get(5, TimeUnit.SECONDS);
            assertThat(replies.poll(10, TimeUnit.SECONDS)).contains("\"type\":\"observation\"");

            process.destroy(); // SIGTERM
            assertThat(closed.get(15, TimeUnit.SECONDS)).isEqualTo(1001);
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isIn(0, 143);
            assertThat(serve.output()).doesNotContain("Exception");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void invalidEnvironmentVariableStopsStartupWithAClearMessage() throws Exception {
        var builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.openenv4j.cli.Main",
                "serve",
                "echo");
        builder.environment().put("MAX_CONCURRENT_ENVS", "many");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("MAX_CONCURRENT_ENVS must be an integer");
        assertThat(Duration.ZERO).isZero();
    }
}
