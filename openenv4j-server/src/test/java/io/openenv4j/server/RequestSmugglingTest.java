package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request heads that two HTTP parsers could read differently (request smuggling) get 400 and the connection
 * is closed, before Netty's decoder reads them: obsolete line folding (RFC 9112 §5.2), Content-Length
 * together with Transfer-Encoding (§6.1) and a Transfer-Encoding not ending in chunked (§6.3). Bodies are
 * skipped by their framing, so pipelined and keep-alive requests are served as before. Raw sockets on loopback.
 */
class RequestSmugglingTest {

    private static EnvServer server;

    @BeforeAll
    static void start() throws Exception {
        server = EnvServer.create(CounterEnvironment.spec(), ServerConfig.ephemeral())
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFoldedHeaderLineIs400AndTheConnectionIsClosed() throws Exception {
        String reply = exchangeUntilClosed("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Note: one\r\n two\r\n\r\n");

        assertThat(reply)
                .startsWith("HTTP/1.1 400")
                .containsIgnoringCase("connection: close")
                .contains("obsolete line folding");
    }

    @Test
    void aFoldedLineWithATabAfterTheRequestLineIs400() throws Exception {
        assertThat(exchangeUntilClosed("GET /health HTTP/1.1\r\n\tHost: localhost\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
    }

    @Test
    void contentLengthWithTransferEncodingIs400AndTheSmuggledRequestIsNeverServed() throws Exception {
        String smuggled = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
        String body = "0\r\n\r\n" + smuggled;
        String reply =
                exchangeUntilClosed("POST /reset HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);

        assertThat(reply).startsWith("HTTP/1.1 400").contains("both Content-Length and Transfer-Encoding");
        assertThat(reply.split("HTTP/1.1 ", -1))
                .as("one response, no second one for the smuggled request")
                .hasSize(2);
    }

    @Test
    void aTransferEncodingWhoseLastCodingIsNotChunkedIs400() throws Exception {
        String reply =
                exchangeUntilClosed("POST /reset HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked, gzip\r\n"
                        + "\r\n2\r\n{}\r\n0\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 400").contains("final coding is not chunked");
    }

    @Test
    void aFoldedLineSplitAcrossPacketsIsStillRefused() throws Exception {
        try (var socket = connect()) {
            OutputStream out = socket.getOutputStream();
            for (String part :
                    new String[] {"GET /health HTTP/1.1\r\nHost: localhost\r\nX-A: 1\r", "\n", " b\r\n\r\n"}) {
                out.write(part.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            assertThat(readUntilClosed(socket.getInputStream())).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void pipelinedRequestsWithBodiesThatLookLikeFoldingAreServedAndALaterBadHeadIsStillCaught() throws Exception {
        // Bodies with a line break followed by a space, as a folded header line would have: skipped, not scanned.
        String fixed = "{\r\n \"seed\": 7}";
        String chunkData = "{\r\n \"seed\": 8,\r\n\t\"episode_id\": \"Transfer-Encoding: x\"}";
        String pipelined =
                "POST /reset HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                        + fixed.length() + "\r\n\r\n" + fixed
                        + "POST /reset HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(10) + ";ext=1\r\n" + chunkData.substring(0, 10) + "\r\n"
                        + Integer.toHexString(chunkData.length() - 10) + "\r\n" + chunkData.substring(10)
                        + "\r\n0\r\nX-Trailer: t\r\n\r\n"
                        + "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
        try (var socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(pipelined.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("observation");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("healthy");

            // Same connection, kept alive: the next head is scanned again.
            out.write("GET /health HTTP/1.1\r\nHost: localhost\r\nX-A: 1\r\n b\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readUntilClosed(in)).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void aWebSocketOnTheSameServerStillWorksAfterTheCheckStepsAside() throws Exception {
        try (var socket = SocketPeer.open(server, "/ws")) {
            socket.call("{\"type\":\"reset\"}");
            // A frame payload with a line break and a space is WebSocket data, not a folded header.
            assertThat(socket.call("{\"type\":\"step\",\r\n \"data\":{\"delta\":3}}")
                            .path("data")
                            .path("observation")
                            .path("count")
                            .asLong())
                    .isEqualTo(3);
        }
    }

    private static Socket connect() throws IOException {
        var socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Sends {@code request} and reads until the server closes the connection (a read timeout fails). */
    private static String exchangeUntilClosed(String request) throws IOException {
        try (var socket = connect()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readUntilClosed(socket.getInputStream());
        }
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Reads one response framed by Content-Length (or chunked): its head and body as text. */
    private static String readResponse(InputStream in) throws IOException {
        var head = new StringBuilder();
        int b;
        while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase(Locale.ROOT);
        var body = new ByteArrayOutputStream();
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(
                    lower.substring(at + 15, lower.indexOf("\r\n", at)).strip());
            body.write(in.readNBytes(length));
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].strip(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        }
        return head + body.toString(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        var line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
