package io.openenv4j.envs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.openenv4j.client.ClientMisuseException;
import io.openenv4j.client.EnvClient;
import io.openenv4j.client.EnvHttpClient;
import io.openenv4j.client.ProtocolException;
import io.openenv4j.client.ServerErrorException;
import io.openenv4j.client.ToolCallFailedException;
import io.openenv4j.client.ToolClient;
import io.openenv4j.client.TransportException;
import io.openenv4j.envs.echo.EchoEnvironment;
import io.openenv4j.mcp.client.McpClient;
import io.openenv4j.mcp.client.McpClientMisuseException;
import io.openenv4j.mcp.client.McpEndpoint;
import io.openenv4j.mcp.client.McpProtocolException;
import io.openenv4j.mcp.client.McpServerErrorException;
import io.openenv4j.mcp.client.McpTransportException;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.OpenEnvException;
import io.openenv4j.wire.OpenEnvException.Failure;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both clients, the OpenEnv client and the MCP client, against a real server on loopback (the echo
 * environment serves OpenEnv's WebSocket and HTTP routes and MCP on {@code /mcp}): a failure of each kind is
 * caught as the one common type {@link OpenEnvException}, with the same {@link Failure}, and is still each
 * client's own specific exception.
 */
class ClientFailureFamilyTest {

    private EnvServer server;

    @BeforeEach
    void start() throws Exception {
        server = EnvServer.create(EchoEnvironment.spec(), ServerConfig.ephemeral())
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private McpClient mcp(String baseUrl) {
        return McpClient.connect(McpEndpoint.http(baseUrl + "/mcp"));
    }

    /** What {@code call} threw, caught as the common type; fails when it threw nothing. */
    private static OpenEnvException caught(Runnable call) {
        try {
            call.run();
        } catch (OpenEnvException e) {
            return e;
        }
        return fail("expected an OpenEnvException");
    }

    @Test
    void aConnectionLostToTheServerIsATransportFailureOfEitherClient() {
        var env = EnvClient.tools(server.baseUrl());
        var tools = mcp(server.baseUrl());
        try (env;
                tools) {
            env.reset();
            tools.ping();
            server.close();

            OpenEnvException fromEnv = caught(env::reset);
            OpenEnvException fromMcp = caught(tools::ping);

            assertThat(fromEnv.failure()).isEqualTo(Failure.TRANSPORT);
            assertThat(fromMcp.failure()).isEqualTo(Failure.TRANSPORT);
            assertThat(fromEnv).isInstanceOf(TransportException.class);
            assertThat(fromMcp).isInstanceOf(McpTransportException.class);
        }
    }

    @Test
    void anErrorTheServerAnswersIsAServerErrorFailureOfEitherClient() {
        try (var env = EnvClient.generic(server.baseUrl());
                var tools = mcp(server.baseUrl())) {
            env.reset();

            OpenEnvException fromEnv = caught(() -> env.step(Map.of("bogus", 1)));
            OpenEnvException fromMcp = caught(() -> tools.request("no/such_method", Map.of(), Duration.ofSeconds(30)));

            assertThat(fromEnv.failure()).isEqualTo(Failure.SERVER_ERROR);
            assertThat(fromMcp.failure()).isEqualTo(Failure.SERVER_ERROR);
            assertThat(fromEnv).isInstanceOf(ServerErrorException.class);
            assertThat(fromMcp)
                    .isInstanceOfSatisfying(
                            McpServerErrorException.class,
                            e -> assertThat(e.code()).isEqualTo(McpServerErrorException.METHOD_NOT_FOUND));
        }
    }

    @Test
    void aCallOnAClosedClientIsAMisuseFailureOfEitherClient() {
        var env = EnvClient.generic(server.baseUrl());
        var tools = mcp(server.baseUrl());
        env.close();
        tools.close();

        OpenEnvException fromEnv = caught(env::reset);
        OpenEnvException fromMcp = caught(tools::ping);

        assertThat(fromEnv.failure()).isEqualTo(Failure.MISUSE);
        assertThat(fromMcp.failure()).isEqualTo(Failure.MISUSE);
        assertThat(fromEnv).isInstanceOf(ClientMisuseException.class);
        assertThat(fromMcp).isInstanceOf(McpClientMisuseException.class);
    }

    @Test
    void aReplyThatIsNotJsonIsAProtocolFailureOfEitherClient() throws Exception {
        // Not an OpenEnv server: every route answers 200 with a JSON content type and a body that is not JSON.
        HttpServer garbage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        garbage.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "this is not JSON".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        garbage.start();
        try (var http =
                EnvHttpClient.generic("http://127.0.0.1:" + garbage.getAddress().getPort())) {
            String baseUrl = "http://127.0.0.1:" + garbage.getAddress().getPort();

            OpenEnvException fromEnv = caught(http::reset);
            OpenEnvException fromMcp = caught(() -> mcp(baseUrl).close());

            assertThat(fromEnv.failure()).isEqualTo(Failure.PROTOCOL);
            assertThat(fromMcp.failure()).isEqualTo(Failure.PROTOCOL);
            assertThat(fromEnv).isInstanceOf(ProtocolException.class);
            assertThat(fromMcp).isInstanceOf(McpProtocolException.class);
        } finally {
            garbage.stop(0);
        }
    }

    @Test
    void theReadmeExampleTellsALostConnectionOfEitherClientApartInOneCatch() {
        String url = server.baseUrl();
        server.close();
        var seen = new ArrayList<Failure>();
        // README.md, "Java client": one catch for both clients, switching on the kind.
        try (var env = EnvClient.tools(url);
                var mcp = McpClient.connect(McpEndpoint.http(url + "/mcp"))) {
            env.reset();
            mcp.callTool("echo_message", Map.of("message", "hi"));
        } catch (OpenEnvException e) {
            switch (e.failure()) {
                case TRANSPORT -> seen.add(e.failure());
                case SERVER_ERROR -> seen.add(e.failure());
                default -> throw e;
            }
        }
        assertThat(seen).containsExactly(Failure.TRANSPORT);
    }

    @Test
    void aToolCallTheOpenEnvServerCannotMakeIsAToolCallFailureWhileTheSessionLivesOn() {
        try (ToolClient env = EnvClient.tools(server.baseUrl())) {
            env.reset();

            OpenEnvException failed = caught(() -> env.callTool("no_such_tool", Map.of()));

            assertThat(failed.failure()).isEqualTo(Failure.TOOL_CALL_FAILED);
            assertThat(failed).isInstanceOf(ToolCallFailedException.class);
            assertThat(env.callTool("echo_message", Map.of("message", "still here")))
                    .isEqualTo("still here");
        }
    }
}
