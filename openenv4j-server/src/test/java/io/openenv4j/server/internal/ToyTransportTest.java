package io.openenv4j.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.wire.WireJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A transport written against the engine alone ({@link LineTransport}) plays whole episodes. */
class ToyTransportTest {

    record Move(int delta) {}

    record Seen(long total) {}

    record Tally(String episodeId, long stepCount, long total) implements State {}

    /** Adds the deltas; the episode ends at 3 steps. */
    static final class Adder implements Environment<Move, Seen, Tally> {
        private String episode;
        private long steps;
        private long total;

        @Override
        public Step<Seen> reset(ResetRequest request) {
            episode = request.episodeIdIfPresent().orElse("e1");
            steps = 0;
            total = 0;
            return Step.of(new Seen(0), null, false);
        }

        @Override
        public Step<Seen> step(Move move) {
            total += move.delta();
            steps++;
            return Step.of(new Seen(total), (double) move.delta(), steps >= 3);
        }

        @Override
        public Tally state() {
            return new Tally(episode, steps, total);
        }
    }

    /** Hooks that note what they saw, as the trainer channel would. */
    static final class Noting implements EpisodeHooks<Move, Seen, Tally> {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public Step<Seen> afterReset(Scoring.Track track, Environment<Move, Seen, Tally> env, Step<Seen> step) {
            seen.add("reset");
            return step;
        }

        @Override
        public Step<Seen> afterStep(
                Scoring.Track track, Environment<Move, Seen, Tally> env, JsonNode action, Step<Seen> step) {
            seen.add("step " + action);
            return step;
        }

        @Override
        public boolean blocks() {
            return false;
        }
    }

    private static final EnvSpec<Move, Seen, Tally> SPEC =
            EnvSpec.of(EnvironmentMetadata.of("adder", "Adds."), Move.class, Seen.class, Tally.class, Adder::new);

    @Test
    void aTransportOfItsOwnPlaysAnEpisodeThroughTheEngine() throws Exception {
        var hooks = new Noting();
        var engine = new SessionEngine<>(SPEC, new SessionPool<>(SPEC, 1), hooks, Duration.ofSeconds(30));
        try (var transport = new LineTransport<>(engine);
                var socket = new Socket(InetAddress.getLoopbackAddress(), transport.port());
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                var out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
            out.println("{\"type\":\"reset\",\"data\":{\"episode_id\":\"toy\"}}");
            assertThat(WireJson.parse(in.readLine())
                            .at("/data/observation/total")
                            .asLong())
                    .isZero();
            out.println("{\"type\":\"step\",\"data\":{\"delta\":2}}");
            out.println("{\"type\":\"step\",\"data\":{\"delta\":\"two\"}}");
            out.println("{\"type\":\"step\",\"data\":{\"delta\":3}}");
            out.println("{\"type\":\"step\",\"data\":{\"delta\":4}}");
            assertThat(WireJson.parse(in.readLine()).at("/data/reward").asDouble())
                    .isEqualTo(2.0);
            assertThat(WireJson.parse(in.readLine()).at("/data/code").asString())
                    .isEqualTo("VALIDATION_ERROR");
            assertThat(WireJson.parse(in.readLine()).at("/data/done").asBoolean())
                    .isFalse();
            JsonNode last = WireJson.parse(in.readLine());
            assertThat(last.at("/data/observation/total").asLong()).isEqualTo(9);
            assertThat(last.at("/data/done").asBoolean()).isTrue();
            out.println("{\"type\":\"state\"}");
            JsonNode state = WireJson.parse(in.readLine()).get("data");
            assertThat(state.get("episode_id").asString()).isEqualTo("toy");
            assertThat(state.get("step_count").asLong()).isEqualTo(3);

            // The only slot is taken: a second connection is refused with the wire's capacity error.
            try (var second = new Socket(InetAddress.getLoopbackAddress(), transport.port());
                    var secondIn = new BufferedReader(
                            new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8))) {
                JsonNode refusal = WireJson.parse(secondIn.readLine()).get("data");
                assertThat(refusal.get("code").asString()).isEqualTo("CAPACITY_REACHED");
                assertThat(refusal.get("max_sessions").asInt()).isEqualTo(1);
            }
            out.println("{\"type\":\"close\"}");
            assertThat(in.readLine()).isNull();
        }
        assertThat(hooks.seen)
                .containsExactly("reset", "step {\"delta\":2}", "step {\"delta\":3}", "step {\"delta\":4}");
        assertThat(engine.idleSessions(0)).isEmpty();
    }
}
