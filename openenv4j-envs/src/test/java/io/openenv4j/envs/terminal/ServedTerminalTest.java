package io.openenv4j.envs.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.client.EnvClient;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.terminal.TerminalEnvironment.Action;
import io.openenv4j.envs.terminal.TerminalEnvironment.Observation;
import io.openenv4j.envs.terminal.TerminalEnvironment.TerminalState;
import io.openenv4j.sandbox.SandboxOptions;
import io.openenv4j.sandbox.Timing;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal over a real server and the Java client: many episodes at once stay apart, and nothing of an
 * episode outlives its session, whether the client closes or just drops the connection.
 */
class ServedTerminalTest {

    private static final int EPISODES = 50;

    @TempDir
    Path root;

    private EnvServer server;
    private long processesBefore;

    @BeforeEach
    void start() throws Exception {
        SandboxOptions options = TerminalEnvironment.defaultOptions().withRoot(root);
        EnvSpec<Action, Observation, TerminalState> spec = EnvSpec.of(
                EnvironmentMetadata.of("terminal", "sandboxed terminal under a test root"),
                Action.class,
                Observation.class,
                TerminalState.class,
                () -> new TerminalEnvironment(options, Timing.MEASURED));
        server = EnvServer.create(spec, ServerConfig.ephemeral().withMaxSessions(EPISODES + 10))
                .start();
        processesBefore = SandboxLeaks.processes();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private EnvClient<Action, Observation, TerminalState> client() {
        return EnvClient.connect(server.baseUrl(), Action.class, Observation.class, TerminalState.class);
    }

    private void assertNothingLeft() throws InterruptedException {
        assertThat(SandboxLeaks.await(server::activeSessions, 0, Duration.ofSeconds(30)))
                .as("sessions")
                .isZero();
        assertThat(SandboxLeaks.await(() -> SandboxLeaks.folders(root), 0, Duration.ofSeconds(30)))
                .as("episode folders")
                .isZero();
        assertThat(SandboxLeaks.await(SandboxLeaks::processes, processesBefore, Duration.ofSeconds(30)))
                .as("sandboxed processes")
                .isEqualTo(processesBefore);
    }

    @Test
    void fiftyConcurrentEpisodesStayApartAndLeaveNothingBehind() throws Exception {
        long start = System.nanoTime();
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < EPISODES; i++) {
                String me = "episode-" + i;
                results.add(threads.submit(() -> {
                    try (var client = client()) {
                        client.reset(new ResetRequest(null, me, Map.of("task", "none")));
                        Observation wrote = client.step(new Action(
                                        "echo " + me + " > mine.txt; export ME=" + me + "; mkdir -p d; cd d"))
                                .observation();
                        assertThat(wrote.exitCode()).isZero();
                        Observation read = client.step(
                                        new Action("cat ../mine.txt; echo $ME; pwd; ls /work | wc -l; ls /tmp | wc -l"))
                                .observation();
                        assertThat(client.state().episodeId()).isEqualTo(me);
                        return read.stdout();
                    }
                }));
            }
            for (int i = 0; i < EPISODES; i++) {
                assertThat(results.get(i).get(120, TimeUnit.SECONDS))
                        .as("episode %d sees only its own state", i)
                        .isEqualTo("episode-" + i + "\nepisode-" + i + "\n/work/d\n2\n0\n");
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertNothingLeft();
        System.out.printf(
                "%d concurrent terminal episodes (connect, reset, 2 commands, close): %d ms; clean after %d ms%n",
                EPISODES,
                took.toMillis(),
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    @Test
    void abuseInOneEpisodeLeavesTheServerAndOtherEpisodesHealthy() throws Exception {
        try (var abuser = client();
                var neighbour = client()) {
            abuser.reset(new ResetRequest(null, "abuser", Map.of("task", "none")));
            neighbour.reset(new ResetRequest(null, "neighbour", Map.of("task", "none")));
            neighbour.step(new Action("echo steady > mine.txt"));
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<Observation> bomb =
                        threads.submit(() -> abuser.step(new Action("b() { b | b & }; b; sleep 60", 3.0))
                                .observation());
                for (int i = 0; i < 5; i++) {
                    assertThat(neighbour
                                    .step(new Action("cat mine.txt"))
                                    .observation()
                                    .stdout())
                            .isEqualTo("steady\n");
                }
                Observation bombed = bomb.get(60, TimeUnit.SECONDS);
                assertThat(bombed.timedOut()).isTrue();
            }
            Observation flood =
                    abuser.step(new Action("yes | head -c 10000000", 10.0)).observation();
            assertThat(flood.stdoutTruncated()).isTrue();
            assertThat(flood.stdout()).hasSize(64 * 1024);
            Observation hog = abuser.step(new Action("python3 -c 'bytearray(8 * 1024**3)'"))
                    .observation();
            assertThat(hog.stderr()).contains("MemoryError");
            Observation loop =
                    abuser.step(new Action("while :; do :; done", 1.0)).observation();
            assertThat(loop.timedOut()).isTrue();
            assertThat(loop.shellRestarted()).isTrue();
            assertThat(abuser.step(new Action("echo fine")).observation().stdout())
                    .isEqualTo("fine\n");
            assertThat(neighbour.step(new Action("cat mine.txt")).observation().stdout())
                    .isEqualTo("steady\n");
        }
        assertNothingLeft();
    }

    @Test
    void droppingTheConnectionEndsTheEpisodesProcessesAndFolder() throws Exception {
        var frames = new LinkedBlockingQueue<String>();
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(server.baseUrl().replace("http", "ws") + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        webSocket.request(1);
                        return CompletableFuture.completedFuture(null);
                    }
                })
                .get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"reset\",\"data\":{\"task\":\"none\"}}", true)
                .get();
        assertThat(frames.poll(30, TimeUnit.SECONDS)).contains("observation");
        assertThat(SandboxLeaks.folders(root)).isEqualTo(1);
        assertThat(SandboxLeaks.processes()).isGreaterThan(processesBefore);
        // a command still running when the connection drops
        socket.sendText("{\"type\":\"step\",\"data\":{\"command\":\"sleep 2; echo late\",\"timeout_s\":30}}", true)
                .get();
        Thread.sleep(300);
        socket.abort();
        assertNothingLeft();
    }
}
