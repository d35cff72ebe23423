package io.openenv4j.envs.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.client.EnvClient;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.browser.BrowserEnvironment.Action;
import io.openenv4j.envs.browser.BrowserEnvironment.BrowserState;
import io.openenv4j.envs.browser.BrowserEnvironment.Observation;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing outlives the environments: Chromium processes (counted from /proc among this JVM's descendants)
 * and user-data directories are gone once the last environment closes, whether the client closed its
 * session or simply went away; and one episode plays over the real server with the Java client.
 */
class BrowserCleanupTest {

    @BeforeEach
    void noBrowserBefore() throws Exception {
        awaitTrue(() -> chromiumProcesses() == 0 && userDataDirs().isEmpty(), "a browser left over by another test");
    }

    @Test
    void closingTheLastEnvironmentStopsChromiumAndDeletesItsDirectory() throws Exception {
        var envs = List.of(new BrowserEnvironment(), new BrowserEnvironment(), new BrowserEnvironment());
        for (var env : envs) {
            env.reset(new ResetRequest(1L, null, Map.of("task", "form")));
        }
        assertThat(chromiumProcesses()).as("one shared browser and its helpers").isPositive();
        assertThat(userDataDirs()).hasSize(1);
        envs.get(0).close();
        envs.get(1).close();
        assertThat(chromiumProcesses()).as("still held by the third environment").isPositive();
        envs.get(2).close();
        awaitTrue(() -> chromiumProcesses() == 0 && userDataDirs().isEmpty(), "Chromium still running after close");
    }

    @Test
    void oneEpisodeOverTheServerWithTheJavaClientThenCleanUp() throws Exception {
        try (EnvServer server = EnvServer.create(BrowserEnvironment.spec(), ServerConfig.ephemeral()).start()) {
            try (var client = EnvClient.connect(server.baseUrl(), Action.class, Observation.class, BrowserState.class)) {
                Step<Observation> step = client.reset(new ResetRequest(4L, null, Map.of("task", "shop")));
                assertThat(step.observation().tree()).contains("Corner Shop");
                var oracle = new BrowserOracle();
                double total = 0;
                while (!step.done()) {
                    step = client.step(oracle.act(step, client.state()));
                    total += step.reward() == null ? 0 : step.reward();
                }
                assertThat(total).isEqualTo(1.0);
                assertThat(client.state().status()).isEqualTo("finished");
            }
            awaitTrue(() -> server.activeSessions() == 0, "the session did not end");
            awaitTrue(() -> chromiumProcesses() == 0 && userDataDirs().isEmpty(), "Chromium outlived the session");
        }
    }

    @Test
    void aClientThatDisconnectsMidEpisodeLeavesNoBrowserBehind() throws Exception {
        try (EnvServer server = EnvServer.create(BrowserEnvironment.spec(), ServerConfig.ephemeral()).start()) {
            var reply = new CompletableFuture<String>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                reply.complete(text.toString());
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.sendText("{\"type\":\"reset\",\"data\":{\"seed\":2,\"task\":\"search\"}}", true).get(10, TimeUnit.SECONDS);
            assertThat(reply.get(30, TimeUnit.SECONDS)).contains("Corner Shop");
            assertThat(chromiumProcesses()).isPositive();
            socket.abort();
            awaitTrue(() -> server.activeSessions() == 0, "the server kept the session of a vanished client");
            awaitTrue(() -> chromiumProcesses() == 0 && userDataDirs().isEmpty(), "Chromium outlived the dropped client");
        }
    }

    /** Chromium processes among this JVM's descendants, read from /proc. */
    static long chromiumProcesses() {
        var parents = new HashMap<Long, Long>();
        var commands = new HashMap<Long, String>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    parents.put(Long.parseLong(name), Long.parseLong(fields[1]));
                    commands.put(Long.parseLong(name), Files.readString(entry.resolve("cmdline")).replace('\0', ' '));
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        long self = ProcessHandle.current().pid();
        return commands.entrySet().stream().filter(e -> e.getValue().contains("chromium"))
                .filter(e -> descends(e.getKey(), self, parents)).count();
    }

    private static boolean descends(long pid, long ancestor, Map<Long, Long> parents) {
        Long current = parents.get(pid);
        for (int depth = 0; current != null && depth < 64; depth++) {
            if (current == ancestor) {
                return true;
            }
            current = parents.get(current);
        }
        return false;
    }

    /** User-data directories of browsers started by the environment that still exist. */
    static List<Path> userDataDirs() {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("openenv4j-chromium-")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure + " (chromium processes: " + chromiumProcesses() + ", dirs: "
                        + userDataDirs() + ")");
            }
            Thread.sleep(50);
        }
    }
}
