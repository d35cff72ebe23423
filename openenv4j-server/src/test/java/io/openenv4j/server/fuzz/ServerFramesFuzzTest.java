package io.openenv4j.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openenv4j.core.BasicState;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Frames from a real client over real sockets into a running server, on {@code /ws}, {@code /ws/batch} and
 * WebSocket {@code /mcp} (the JSON-RPC dispatch): every frame but a close gets exactly one reply within a
 * bounded time, the reply is JSON of a documented type, and the server stays healthy for everyone else.
 */
class ServerFramesFuzzTest {

    /** Bounded per frame: a reply later than this is a hang. */
    private static final Duration REPLY = Duration.ofSeconds(10);

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    public record Move(int delta, String note) {}

    public record Seen(long total, String note) {}

    /** A small environment with typed, validated actions; steps are instant and never fail on their own. */
    static final class Tally implements Environment<Move, Seen, BasicState> {
        private long total;
        private long steps;
        private String episode;

        @Override
        public Step<Seen> reset(ResetRequest request) {
            episode = request.episodeIdIfPresent().orElse("e");
            total = request.seedIfPresent().orElse(0);
            steps = 0;
            return Step.of(new Seen(total, "reset"), 0.0, false);
        }

        @Override
        public Step<Seen> step(Move move) {
            if (move.delta() == 13) {
                throw new IllegalStateException("unlucky");
            }
            total += move.delta();
            steps++;
            return Step.of(new Seen(total, move.note()), (double) move.delta(), false);
        }

        @Override
        public BasicState state() {
            return new BasicState(episode, (int) steps);
        }
    }

    private static EnvServer server;
    private static final Peer[] PEERS = new Peer[3];
    private static final String[] PATHS = {"/ws", "/ws/batch?envs=2", "/mcp"};
    private static final Set<String> WS_TYPES = Set.of("observation", "state", "error", "mcp");
    private static final Set<String> BATCH_TYPES = Set.of("observations", "states", "error");

    private static synchronized EnvServer server() throws Exception {
        if (server == null) {
            EnvSpec<Move, Seen, BasicState> spec = EnvSpec.of(
                    EnvironmentMetadata.of("tally", "Adds deltas."),
                    Move.class,
                    Seen.class,
                    BasicState.class,
                    Tally::new);
            server = EnvServer.create(spec, ServerConfig.ephemeral().withMaxMessageBytes(64 * 1024))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    @FuzzTest(maxDuration = "30s")
    void everyFrameOnEverySocketGetsOneTimelyWellFormedReply(FuzzedDataProvider data) throws Exception {
        // The client connects to the server under test on loopback, which Jazzer's SSRF detector would flag.
        try (var loopback = BugDetectors.allowNetworkConnections(
                (host, port) -> host.equals("127.0.0.1") || host.equals("localhost"))) {
            exchange(data);
        }
    }

    private static void exchange(FuzzedDataProvider data) throws Exception {
        int which = data.consumeInt(0, PATHS.length - 1);
        String frame = data.consumeRemainingAsString();
        Peer peer = PEERS[which];
        if (peer == null || peer.closed.isDone()) {
            peer = PEERS[which] = new Peer(URI.create(server().baseUrl().replace("http://", "ws://") + PATHS[which]));
        }
        peer.send(frame);
        String reply = peer.reply(REPLY);
        if (reply == null) {
            // No reply is right only when the frame ended the session: a close message, or a message too big.
            int code = peer.closed.get(REPLY.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(code).as("close code after %s", frame).isIn(1000, 1009);
            PEERS[which] = null;
        } else {
            JsonNode node = WireJson.parse(reply);
            switch (which) {
                case 0 -> assertThat(node.get("type").stringValue()).isIn(WS_TYPES);
                case 1 -> assertThat(node.get("type").stringValue()).isIn(BATCH_TYPES);
                default -> assertThat(node.get("jsonrpc").stringValue()).isEqualTo("2.0");
            }
            if (node.has("data") && node.get("data").has("code")) {
                assertThat(node.get("data").get("code").stringValue()).isNotEqualTo("INTERNAL_ERROR");
            }
        }
        HttpResponse<String> health = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server().baseUrl() + "/health"))
                        .timeout(REPLY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    /** One WebSocket connection and the texts it received. */
    private static final class Peer implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Peer(URI uri) throws Exception {
            socket = CLIENT.newWebSocketBuilder().buildAsync(uri, this).get(REPLY.toMillis(), TimeUnit.MILLISECONDS);
        }

        void send(String text) {
            if (!closed.isDone()) {
                socket.sendText(text, true).exceptionally(e -> null).join();
            }
        }

        /** The next reply, or null once the socket closed (or none came in time, which the caller then checks). */
        String reply(Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                String text = texts.poll(50, TimeUnit.MILLISECONDS);
                if (text != null) {
                    return text;
                }
                if (closed.isDone()) {
                    return texts.poll();
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006);
        }
    }
}
