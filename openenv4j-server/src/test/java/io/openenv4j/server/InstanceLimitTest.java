package io.openenv4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolObservation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code --max-sessions} bounds every live environment instance, not only sessions: the stateless HTTP
 * routes and session-less {@code /mcp} calls each build a throw-away instance, and a burst of them must not
 * build more than the limit (60 concurrent resets against a limit of 6 used to make 34 live sandboxes).
 */
class InstanceLimitTest {

    private static final int MAX = 3;
    private static final int BURST = 12;

    /** A tool environment whose instances live at least 400 ms: long enough for a burst to overlap. */
    private static EnvSpec<ToolAction, ToolObservation, BasicState> slowSpec(Lifecycle lifecycle) {
        return EnvSpec.of(
                EnvironmentMetadata.of("slow-calculator", "Takes its time to start."),
                ToolAction.class,
                ToolObservation.class,
                BasicState.class,
                () -> {
                    var env = new CalculatorEnvironment(lifecycle);
                    try {
                        Thread.sleep(400);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return env;
                });
    }

    @Test
    void aBurstOfStatelessResetsNeverHoldsMoreInstancesThanTheLimitAndTheRestAreToldTheServerIsFull() throws Exception {
        burst(server -> HttpPeer.post(server, "/reset", "{}"), (reply, refused) -> {
            if (reply.status() == 503) {
                refused.incrementAndGet();
                assertThat(reply.json().get("detail").stringValue())
                        .startsWith("Server at capacity: ")
                        .endsWith("/" + MAX + " sessions active. Cannot accept new connections.");
                assertThat(reply.header("retry-after")).isEqualTo("1");
            } else {
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            }
        });
    }

    @Test
    void aBurstOfSessionLessMcpCallsNeverHoldsMoreInstancesThanTheLimit() throws Exception {
        burst(
                server -> HttpPeer.post(server, "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"),
                (reply, refused) -> {
                    JsonNode body = reply.json();
                    if (body.has("error")) {
                        refused.incrementAndGet();
                        assertThat(body.get("error").get("code").asInt()).isEqualTo(-32000);
                        assertThat(body.get("error")
                                        .get("data")
                                        .get("max_sessions")
                                        .asInt())
                                .isEqualTo(MAX);
                    } else {
                        assertThat(body.get("result").get("tools").size()).isEqualTo(3);
                    }
                });
    }

    @Test
    void statelessCallsShareTheLimitWithSessions() throws Exception {
        var lifecycle = new Lifecycle();
        try (var server = EnvServer.create(
                                CounterEnvironment.spec(lifecycle),
                                ServerConfig.ephemeral().withMaxSessions(1))
                        .start();
                var holder = SocketPeer.open(server, "/ws")) {
            holder.call("{\"type\":\"reset\"}");

            HttpPeer.Reply refused = HttpPeer.post(server, "/step", "{\"action\":{\"delta\":1}}");

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("detail").stringValue())
                    .isEqualTo("Server at capacity: 1/1 sessions active. Cannot accept new connections.");
            holder.send("{\"type\":\"close\"}");
            holder.awaitClose();
            Eventually.until(() -> server.activeSessions() == 0, Duration.ofSeconds(5));
            assertThat(HttpPeer.post(server, "/step", "{\"action\":{\"delta\":1}}")
                            .status())
                    .isEqualTo(200);
            assertThat(HttpPeer.get(server, "/state").status()).isEqualTo(200);
            assertThat(server.activeSessions())
                    .as("stateless slots are given back")
                    .isZero();
        }
    }

    private interface Request {
        HttpPeer.Reply send(EnvServer server) throws Exception;
    }

    private interface Check {
        void accept(HttpPeer.Reply reply, AtomicInteger refused);
    }

    private static void burst(Request request, Check check) throws Exception {
        var lifecycle = new Lifecycle();
        var pool = Executors.newVirtualThreadPerTaskExecutor();
        try (var server = EnvServer.create(
                        slowSpec(lifecycle), ServerConfig.ephemeral().withMaxSessions(MAX))
                .start()) {
            List<Future<HttpPeer.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                replies.add(pool.submit((Callable<HttpPeer.Reply>) () -> request.send(server)));
            }
            int peak = 0;
            while (replies.stream().anyMatch(reply -> !reply.isDone())) {
                peak = Math.max(peak, lifecycle.opened.get() - lifecycle.closed.get());
                Thread.sleep(2);
            }
            var refused = new AtomicInteger();
            for (Future<HttpPeer.Reply> reply : replies) {
                check.accept(reply.get(30, TimeUnit.SECONDS), refused);
            }

            assertThat(peak).as("live instances at the peak of the burst").isBetween(1, MAX);
            assertThat(lifecycle.opened.get()).as("instances built").isEqualTo(BURST - refused.get());
            assertThat(lifecycle.closed.get()).as("every instance closed").isEqualTo(lifecycle.opened.get());
            assertThat(server.activeSessions()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
