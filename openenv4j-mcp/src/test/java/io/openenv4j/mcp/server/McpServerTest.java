package io.openenv4j.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.mcp.McpMessage;
import io.openenv4j.mcp.ToolMethod;
import io.openenv4j.mcp.Toolbox;
import io.openenv4j.wire.WireError;
import io.openenv4j.wire.WireJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP serving without OpenEnv4j's server: {@link McpServer} over a small host of its own (one single-thread
 * executor per session, a session limit), answering both dialects with the host's sessions and refusals.
 */
class McpServerTest {

    public static final class Tools {
        private int calls;

        @ToolMethod(description = "Counts this instance's calls.")
        public int count() {
            return ++calls;
        }
    }

    static final class Counter implements ToolEnvironment<BasicState> {
        private final Toolbox tools = Toolbox.of(new Tools());

        public Step<ToolObservation> reset(ResetRequest request) {
            return Step.of(new ToolObservation.Ready(), 0.0, false);
        }

        public Step<ToolObservation> step(ToolAction action) {
            return Step.of(dispatch(action));
        }

        public BasicState state() {
            return new BasicState("e", 0);
        }

        public List<Tool> tools() {
            return tools.tools();
        }

        public ToolResult callTool(String name, Map<String, Object> arguments) throws ToolCallException {
            return tools.call(name, arguments);
        }
    }

    /** A host of its own: sessions on single-thread executors, at most {@code max} of them. */
    static final class SmallHost implements McpHost {
        final int max;
        final Map<String, Held> sessions = new ConcurrentHashMap<>();
        final AtomicInteger ids = new AtomicInteger();

        SmallHost(int max) {
            this.max = max;
        }

        final class Held implements McpHost.Session {
            final String id = "s" + ids.incrementAndGet();
            final Kind kind;
            final Environment<?, ?, ?> env = new Counter();
            final ExecutorService executor = Executors.newSingleThreadExecutor();
            final AtomicBoolean ended = new AtomicBoolean();

            Held(Kind kind) {
                this.kind = kind;
            }

            public String id() {
                return id;
            }

            public Kind kind() {
                return kind;
            }

            public boolean ready() {
                return true;
            }

            public boolean ended() {
                return ended.get();
            }

            public void touch() {}

            public void execute(Runnable task) {
                executor.execute(() -> {
                    Thread.interrupted();
                    task.run();
                });
            }

            public Environment<?, ?, ?> environment() {
                return env;
            }

            public <T> T call(EnvWork<T> work) throws Exception {
                return executor.submit(() -> work.apply(env)).get();
            }
        }

        public McpHost.Session open(Kind kind) throws Refused {
            if (sessions.size() >= max) {
                throw new Refused(WireError.capacity(sessions.size(), max), null);
            }
            Held held = new Held(kind);
            sessions.put(held.id, held);
            return held;
        }

        public McpHost.Session find(String id) {
            return sessions.get(id);
        }

        public void end(McpHost.Session session) {
            Held held = sessions.remove(session.id());
            if (held != null) {
                held.ended.set(true);
                held.executor.shutdown();
            }
        }

        public boolean endOrDefer(McpHost.Session session) {
            end(session);
            return true;
        }

        public <T> T withFresh(EnvWork<T> work) throws Exception {
            return work.apply(new Counter());
        }

        public WireError factoryFailure() {
            return WireError.factory("counter", null);
        }
    }

    private final SmallHost host = new SmallHost(1);
    private final McpServer server = new McpServer(
            host,
            EnvSpec.of(
                    EnvironmentMetadata.of("counter", "Counts."),
                    ToolAction.class,
                    ToolObservation.class,
                    BasicState.class,
                    Counter::new),
            Duration.ofSeconds(30),
            100);

    private static JsonRpc.Request request(String method, String params) {
        return new JsonRpc.Request(WireJson.mapper().valueToTree(7), method, (ObjectNode) WireJson.parse(params));
    }

    @Test
    void theDialectCallsToolsInTheHostsSessionsAndClosesThem() {
        String id = server.dialect(request("openenv/session/create", "{}"), null)
                .get("result")
                .get("session_id")
                .stringValue();
        String call = "{\"session_id\":\"" + id + "\",\"name\":\"count\",\"arguments\":{}}";

        server.dialect(request("tools/call", call), null);
        JsonNode second = server.dialect(request("tools/call", call), null);
        JsonNode sessionless = server.dialect(request("tools/call", "{\"name\":\"count\"}"), null);

        assertThat(second.get("result").get("data").asInt()).isEqualTo(2);
        assertThat(sessionless.get("result").get("data").asInt()).isEqualTo(1);
        assertThat(WireJson.write(
                        server.dialect(request("openenv/session/close", "{\"session_id\":\"" + id + "\"}"), null)))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"session_id\":\"" + id + "\",\"closed\":true}}");
        assertThat(host.sessions).isEmpty();
    }

    @Test
    void theHostsRefusalIsAnsweredAsItsWireError() {
        server.dialect(request("openenv/session/create", "{}"), null);

        JsonNode refused = server.dialect(request("openenv/session/create", "{}"), null);

        assertThat(refused.get("error").get("code").asInt()).isEqualTo(JsonRpc.SERVER_ERROR);
        assertThat(refused.get("error").get("data").get("max_sessions").asInt()).isEqualTo(1);
    }

    @Test
    void specSessionsInitializeCallAndTerminate() throws Exception {
        McpServer.Opened opened = server.initialize(
                WireJson.mapper().valueToTree(1), (ObjectNode) WireJson.parse("{\"protocolVersion\":\"2025-06-18\"}"));
        McpServer.SpecSession session = server.find(opened.sessionId());

        JsonNode first = server.answer(session, (McpMessage.Request) McpMessage.of(WireJson.parse(
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"count\"}}")));
        JsonNode second = server.answer(
                session,
                (McpMessage.Request)
                        McpMessage.of(
                                WireJson.parse(
                                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"count\",\"arguments\":{}}}")));

        assertThat(opened.response().get("result").get("protocolVersion").stringValue())
                .isEqualTo("2025-06-18");
        assertThat(session.version()).isEqualTo("2025-06-18");
        assertThat(first.get("result").get("structuredContent").get("result").asInt())
                .isEqualTo(1);
        assertThat(second.get("result").get("structuredContent").get("result").asInt())
                .isEqualTo(2);
        assertThat(server.terminate(opened.sessionId())).isTrue();
        assertThat(server.find(opened.sessionId())).isNull();
        assertThat(host.sessions).isEmpty();
    }
}
