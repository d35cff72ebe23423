package io.openenv4j.client.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

    @Test
    void aReplicaIsHealthyOnlyWhenItsHealthRouteAnswers200() throws Exception {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/health") ? 200 : 404, -1);
            exchange.close();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            assertThat(HealthCheck.answers(base)).isTrue();
            server.removeContext("/health");
            server.createContext("/health", exchange -> {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
            });
            assertThat(HealthCheck.answers(base)).as("503: not healthy").isFalse();
        } finally {
            server.stop(0);
        }
        int closed;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        assertThat(HealthCheck.answers(URI.create("http://127.0.0.1:" + closed)))
                .as("nobody listening")
                .isFalse();
    }
}
