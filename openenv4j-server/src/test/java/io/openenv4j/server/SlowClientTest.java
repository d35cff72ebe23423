package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Slow, idle and greedy HTTP clients cannot lock others out: a connection that does not send a request head
 * in time is closed, a body that trickles in gets 408, and one address holds only so many connections.
 */
class SlowClientTest {

    private static final Duration SHORT = Duration.ofSeconds(1);

    private static EnvServer start(int perAddress) throws Exception {
        return EnvServer.create(
                        CounterEnvironment.spec(),
                        ServerConfig.ephemeral().withLimits(new ServerLimits(SHORT, SHORT, perAddress)))
                .start();
    }

    @Test
    void closedWebSocketsGiveTheirConnectionBackToTheAddressLimit() throws Exception {
        // An upgraded connection must leave the per-address count when its socket closes, or a client that
        // opens and closes sessions one after another is locked out once it has made the limit's worth.
        try (var server = EnvServer.create(
                        CounterEnvironment.spec(),
                        ServerConfig.ephemeral()
                                .withLimits(new ServerLimits(Duration.ofSeconds(30), Duration.ofSeconds(30), 8)))
                .start()) {
            for (int i = 0; i < 40; i++) {
                try (var peer = SocketPeer.open(server, "/ws")) {
                    assertThat(peer.call("{\"type\":\"reset\"}").get("type").stringValue())
                            .isEqualTo("observation");
                    peer.send("{\"type\":\"close\"}");
                    peer.awaitClose();
                }
            }
            assertThat(HttpPeer.get(server, "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void idleAndSlowHeaderConnectionsAreClosedAfterTheHeaderTimeout() throws Exception {
        try (var server = start(0)) {
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                idle.add(connect(server, "127.0.0.1"));
            }
            try (var slow = connect(server, "127.0.0.1")) {
                long start = System.nanoTime();
                slow.getOutputStream().write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                // A header byte every 200 ms: the connection is never idle, but its head never ends in time.
                boolean closed = false;
                for (int i = 0; i < 50 && !closed; i++) {
                    try {
                        slow.getOutputStream().write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                        slow.setSoTimeout(200);
                        closed = slow.getInputStream().read() < 0;
                    } catch (SocketTimeoutException e) {
                        // still open
                    } catch (IOException e) {
                        closed = true;
                    }
                }
                assertThat(closed).as("the slow-header connection was closed").isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
            }
            for (Socket socket : idle) {
                assertThat(endsWithin(socket, Duration.ofSeconds(5)))
                        .as("an idle connection was closed")
                        .isTrue();
                socket.close();
            }
            assertThat(HttpPeer.get(server, "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void aKeptAliveConnectionServesManyRequestsWithinTheTimeout() throws Exception {
        try (var server = start(0);
                var socket = connect(server, "127.0.0.1")) {
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream()
                        .write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(socket)).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"healthy\"}");
            }
        }
    }

    @Test
    void aQuietWebSocketSessionOutlivesTheHeaderTimeout() throws Exception {
        try (var server = start(0);
                var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\"}");

            Thread.sleep(SHORT.multipliedBy(3).toMillis());

            assertThat(socket.isClosed()).isFalse();
            assertThat(socket.call("{\"type\":\"state\"}").get("type").stringValue())
                    .isEqualTo("state");
        }
    }

    @Test
    void aBodyThatTricklesInGets408AndTheConnectionIsClosed() throws Exception {
        try (var server = start(0);
                var socket = connect(server, "127.0.0.1")) {
            socket.getOutputStream()
                    .write(("POST /reset HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 100\r\n\r\n{\"seed\":")
                            .getBytes(StandardCharsets.US_ASCII));

            String response = readResponse(socket);

            assertThat(response).startsWith("HTTP/1.1 408").contains("Request body not received within 1 s");
            assertThat(endsWithin(socket, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void oneAddressCannotHoldMoreConnectionsThanItsLimitWhileOthersAreServed() throws Exception {
        try (var server = EnvServer.create(
                        CounterEnvironment.spec(),
                        ServerConfig.ephemeral()
                                .withHost("0.0.0.0")
                                .withLimits(new ServerLimits(Duration.ofSeconds(30), SHORT, 5)))
                .start()) {
            List<Socket> held = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                held.add(connect(server, "127.0.0.1"));
            }
            try (var sixth = connect(server, "127.0.0.1")) {
                assertThat(endsWithin(sixth, Duration.ofSeconds(5)))
                        .as("the sixth connection is closed at once")
                        .isTrue();
            }
            try (var other = connect(server, "127.0.0.2")) {
                other.getOutputStream()
                        .write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(other)).as("another address is served").startsWith("HTTP/1.1 200");
            }
            var first = held.get(0);
            first.getOutputStream()
                    .write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(first))
                    .as("connections within the limit are served")
                    .startsWith("HTTP/1.1 200");
            first.close();
            Eventually.until(
                    () -> {
                        try (var again = connect(server, "127.0.0.1")) {
                            again.getOutputStream()
                                    .write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                                            .getBytes(StandardCharsets.US_ASCII));
                            return readResponse(again).startsWith("HTTP/1.1 200");
                        } catch (IOException | AssertionError e) {
                            return false;
                        }
                    },
                    Duration.ofSeconds(5),
                    () -> "a freed connection slot was not reusable");
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static Socket connect(EnvServer server, String from) throws IOException {
        var socket = new Socket(InetAddress.getByName("127.0.0.1"), server.port(), InetAddress.getByName(from), 0);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Whether the server ends the connection (EOF or reset) within {@code within}, skipping any bytes it sends. */
    private static boolean endsWithin(Socket socket, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        InputStream in = socket.getInputStream();
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    /** One HTTP/1.1 response with a Content-Length body: status line, headers and body. */
    private static String readResponse(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection ended in the response head: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
