package com.example.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openenv4j.client.EnvClient;
import io.openenv4j.envs.echo.EchoEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Serves environments on loopback with the released server and drives them with the released client. */
class ServedEnvironmentsTest {

    @Test
    void theClientPlaysAnEpisodeOfTheConsumersOwnEnvironmentOverWebSocket() throws Exception {
        try (var server = EnvServer.create(Counter.spec(), ServerConfig.ephemeral()).start();
             var env = EnvClient.connect(server.baseUrl(),
                     Counter.Action.class, Counter.Observation.class, Counter.CounterState.class)) {
            assertEquals(0, env.reset().observation().total());
            var first = env.step(new Counter.Action(4));
            assertEquals(4, first.observation().total());
            assertEquals(4.0, first.reward());
            assertFalse(first.done());
            assertTrue(env.step(new Counter.Action(6)).done());
            assertEquals(2, env.state().stepCount());
            assertEquals(10, env.state().total());
        }
    }

    @Test
    void theClientCallsAToolOfABuiltInEnvironment() throws Exception {
        try (var server = EnvServer.create(EchoEnvironment.spec(), ServerConfig.ephemeral()).start();
             var tools = EnvClient.tools(server.baseUrl())) {
            tools.reset();
            assertEquals(Map.of("message", "hi", "length", 2), tools.callTool("echo_with_length", Map.of("message", "hi")));
        }
    }
}
