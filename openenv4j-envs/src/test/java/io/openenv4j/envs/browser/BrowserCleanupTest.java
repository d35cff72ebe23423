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
        assertThat(chromiumProcesses())
                .as("still held by the third environment")
                .isPositive();
        envs.get(2).close();
        awaitTrue(() -> chromiumProcesses() == 0 && userDataDirs().isEmpty(), "Chromium still running after close");
    }

    @Test
    void oneEpisodeOverTheServerWithTheJavaClientThenCleanUp() throws Exception {
        try (EnvServer server = EnvServer.create(BrowserEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            try (var client =
                    EnvClient.connect(server.baseUrl(), Action.class, Observation.class, BrowserState.class)) {
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
        try (EnvServer server = EnvServer.create(BrowserEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            var reply = new CompletableFuture<String>();
            WebSocket socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
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
                    })
                    .get(10, TimeUnit.SECONDS);
            socket.sendText("{\"type\":\"reset\",\"data\":{\"seed\":2,\"task\":\"search\"}}", true)
                    .get(10, TimeUnit.SECONDS);
            assertThat(reply.get(30, TimeUnit.SECONDS)).contains("Corner Shop");
            assertThat(chromiumProcesses()).isPositive();
            socket.abort();
            awaitTrue(() -> server.activeSessions() == 0, "the server kept the session of a vanished client");
            awaitTrue(
                    () -> chromiumProcesses() == 0 && userDataDirs().isEmpty(), "Chromium outlived the dropped client");
        }
    }

    @Test
    void aChromiumThatDiesMidEpisodeIsAClearErrorAndTheNextResetStartsAnother() throws Exception {
        try (var env = new BrowserEnvironment()) {
            env.reset(new ResetRequest(1L, null, Map.of("task", "form")));
            long pid = env.browser().pid();
            String dir = env.browser().userDataDir().toString();
            assertThat(ourProcesses(dir))
                    .as("the browser's processes, crash handlers (outside the tree) included")
                    .anySatisfy(p -> assertThat(ProcessHandle.of(p)
                                    .flatMap(h -> h.info().command())
                                    .orElse(""))
                            .contains("crashpad"));
            ProcessHandle browser = ProcessHandle.of(pid).orElseThrow();
            browser.destroyForcibly();
            browser.onExit().get(10, TimeUnit.SECONDS);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.step(Action.navigate("/signup")))
                    .hasMessageContaining("Chromium stopped during the episode; call reset");
            Step<Observation> step = env.reset(new ResetRequest(1L, null, Map.of("task", "form")));
            assertThat(step.observation().tree()).contains("Corner Shop");
            assertThat(env.browser().pid()).isNotEqualTo(pid);
            awaitTrue(() -> ourProcesses(dir).isEmpty(), "processes of the dead browser linger");
        }
        awaitTrue(() -> chromiumProcesses() == 0 && userDataDirs().isEmpty(), "Chromium outlived the environment");
    }

    /**
     * Processes of browsers this JVM started, read from /proc: Chromium processes among the JVM's descendants,
     * processes whose command line names a user-data directory of this JVM, and processes carrying this JVM's
     * owner tag in their environment (Chromium's crash handlers leave the process tree, so only the tag finds them).
     */
    static java.util.Set<Long> ourProcesses(String marker) {
        long self = ProcessHandle.current().pid();
        String dirMarker = marker != null ? marker : Chromium.DIR_PREFIX + self + "-";
        String tagMarker = Chromium.OWNER_VARIABLE + "=" + self + ":" + (marker != null ? marker : "");
        var parents = new HashMap<Long, Long>();
        var found = new java.util.TreeSet<Long>();
        var commands = new HashMap<Long, String>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(name);
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (fields[0].equals("Z")) {
                        continue; // a zombie holds nothing but its pid
                    }
                    parents.put(pid, Long.parseLong(fields[1]));
                    String command = Files.readString(entry.resolve("cmdline")).replace('\0', ' ');
                    commands.put(pid, command);
                    String environ = new String(
                            Files.readAllBytes(entry.resolve("environ")), java.nio.charset.StandardCharsets.UTF_8);
                    if (command.contains(dirMarker) || environ.contains(tagMarker)) {
                        found.add(pid);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        if (marker == null) {
            commands.forEach((pid, command) -> {
                if (command.contains("chromium") && descends(pid, self, parents)) {
                    found.add(pid);
                }
            });
        }
        return found;
    }

    /** How many processes of browsers this JVM started are alive. */
    static long chromiumProcesses() {
        return ourProcesses(null).size();
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

    /** User-data directories of browsers this JVM started that still exist. */
    static List<Path> userDataDirs() {
        String prefix = Chromium.DIR_PREFIX + ProcessHandle.current().pid() + "-";
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        failure + " (chromium processes: " + chromiumProcesses() + ", dirs: " + userDataDirs() + ")");
            }
            Thread.sleep(50);
        }
    }
}
