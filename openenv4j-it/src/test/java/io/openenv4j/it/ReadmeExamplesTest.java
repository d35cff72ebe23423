package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.client.EnvClient;
import io.openenv4j.core.BasicState;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.envs.echo.EchoEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Java examples of README.md, as written there, against a live server. */
class ReadmeExamplesTest {

    record Action(int delta) {}

    record Observation(long total) {}

    record CounterState(String episodeId, long stepCount, long total) implements State {}

    static final class Counter implements Environment<Action, Observation, CounterState> {
        private String episode;
        private long steps;
        private long total;

        public Step<Observation> reset(ResetRequest r) {
            episode = r.episodeIdIfPresent().orElse("ep");
            steps = 0;
            total = 0;
            return Step.of(new Observation(0), 0.0, false);
        }

        public Step<Observation> step(Action a) {
            steps++;
            total += a.delta();
            return Step.of(new Observation(total), (double) a.delta(), total >= 10);
        }

        public CounterState state() {
            return new CounterState(episode, steps, total);
        }
    }

    @Test
    void javaClientExampleRunsAgainstTheEchoServer() throws Exception {
        try (EnvServer server = EnvServer.create(EchoEnvironment.spec(), ServerConfig.ephemeral())
                .start()) {
            String url = server.baseUrl();
            try (var env = EnvClient.connect(url, ToolAction.class, ToolObservation.class, BasicState.class)) {
                env.reset();
                var step = env.step(ToolAction.callTool("echo_message", Map.of("message", "hi")));
                assertThat(step.observation().toString()).startsWith("ToolCallOutcome[toolName=echo_message, result=");
                assertThat(env.state().stepCount()).isEqualTo(1);
            }
            try (var tools = EnvClient.tools(url)) {
                assertThat(tools.listTools())
                        .extracting(tool -> tool.name())
                        .containsExactly("echo_message", "echo_with_length");
                assertThat(tools.callTool("echo_with_length", Map.of("message", "hi")))
                        .isEqualTo(Map.of("message", "hi", "length", 2));
            }
        }
    }

    @Test
    void writingAnEnvironmentExampleServesAndPlays() throws Exception {
        var spec = EnvSpec.of(
                EnvironmentMetadata.of("counter", "Adds deltas."),
                Action.class,
                Observation.class,
                CounterState.class,
                Counter::new);
        try (EnvServer server = EnvServer.create(spec, ServerConfig.ephemeral()).start();
                var env = EnvClient.connect(server.baseUrl(), Action.class, Observation.class, CounterState.class)) {
            env.reset();
            assertThat(env.step(new Action(4)).observation().total()).isEqualTo(4);
            var last = env.step(new Action(6));
            assertThat(last.done()).isTrue();
            assertThat(env.state()).isEqualTo(new CounterState("ep", 2, 10));
        }
    }
}
