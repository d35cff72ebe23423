package io.openenv4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.validate.MeasuredFields;
import io.openenv4j.wire.EnvCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The contract every environment passes: extend it in your tests, give it your {@link EnvSpec} and a short
 * scripted episode, and it checks in process what OpenEnv clients rely on ({@link Validation} adds the
 * {@code openenv4j validate} checks).
 *
 * <pre>{@code
 * class EchoEnvironmentTest extends EnvironmentContract<ToolAction, ToolObservation, BasicState> {
 *     protected EnvSpec<ToolAction, ToolObservation, BasicState> spec() { return EchoEnvironment.spec(); }
 *     protected List<ToolAction> script() { return List.of(ToolAction.listTools()); }
 * }
 * }</pre>
 *
 * @param <A> action type
 * @param <O> observation type
 * @param <S> state type
 */
public abstract class EnvironmentContract<A, O, S> {

    /** The environment under test. */
    protected abstract EnvSpec<A, O, S> spec();

    /** A few valid actions, played in order after a reset (the episode may end before the last). */
    protected abstract List<A> script();

    /** The seed scripted episodes use. */
    protected long seed() {
        return 7;
    }

    /**
     * Whether the same seed and actions give the same trajectory, apart from the fields the metadata declares
     * as measured ({@code EnvironmentMetadata.withMeasuredFields}); override to return false if not.
     */
    protected boolean deterministic() {
        return true;
    }

    /**
     * A policy that reaches the environment's best return, or {@code null} when there is none (an oracle is
     * expected of every built-in environment).
     */
    protected Policy<A, O, S> oracle() {
        return null;
    }

    /** The return (sum of rewards) the oracle reaches from {@link #seed()}; checked when there is an oracle. */
    protected double oracleReturn() {
        return Double.NaN;
    }

    /** How many steps the oracle may take before the episode must be done. */
    protected int oracleStepLimit() {
        return 10_000;
    }

    protected final EnvCodec<A, O, S> codec() {
        return EnvCodec.of(spec());
    }

    /** Plays the script in a fresh instance and returns the step payloads as they would go on the wire. */
    protected final List<JsonNode> playScript(String episodeId) throws Exception {
        var payloads = new ArrayList<JsonNode>();
        try (Environment<A, O, S> env = spec().factory().create()) {
            Step<O> step = env.reset(new ResetRequest(seed(), episodeId, Map.of()));
            payloads.add(codec().encodeStep(step));
            for (A action : script()) {
                if (step.done()) {
                    break;
                }
                step = env.step(action);
                payloads.add(codec().encodeStep(step));
            }
        }
        return payloads;
    }

    @Test
    void metadataNamesAndDescribesTheEnvironment() {
        assertThat(spec().metadata().name()).isNotBlank();
        assertThat(spec().metadata().description()).isNotBlank();
    }

    @Test
    void scriptIsNotEmpty() {
        assertThat(script())
                .as("the contract needs at least one scripted action")
                .isNotEmpty();
    }

    @Test
    void stepPayloadsHaveTheWireShape() throws Exception {
        for (JsonNode payload : playScript("contract-shape")) {
            // As the newest reference sends it: the observation's metadata first in it ({} when empty), and
            // beside it only when not empty.
            assertThat(payload.get("observation").isObject()).isTrue();
            JsonNode metadata = payload.get("observation").get("metadata");
            assertThat(metadata).as("the observation's metadata").isNotNull();
            assertThat(metadata.isObject()).isTrue();
            assertThat(payload.get("observation").propertyNames().iterator().next())
                    .isEqualTo("metadata");
            if (metadata.isEmpty()) {
                assertThat(payload.propertyNames()).containsExactly("observation", "reward", "done");
            } else {
                assertThat(payload.propertyNames()).containsExactly("observation", "reward", "done", "metadata");
                assertThat(payload.get("metadata")).isEqualTo(metadata);
            }
            assertThat(payload.get("observation").propertyNames()).doesNotContain("reward", "done");
            assertThat(payload.get("reward").isNull() || payload.get("reward").isNumber())
                    .isTrue();
            assertThat(payload.get("done").isBoolean()).isTrue();
        }
    }

    @Test
    void stateReportsEpisodeIdAndStepCount() throws Exception {
        try (Environment<A, O, S> env = spec().factory().create()) {
            env.reset(new ResetRequest(seed(), "contract-episode", Map.of()));
            JsonNode state = codec().encodeState(env.state());
            assertThat(state.path("episode_id").asString(null)).isEqualTo("contract-episode");
            assertThat(state.path("step_count").isIntegralNumber()).isTrue();
            assertThat(state.path("step_count").longValue()).isZero();
        }
    }

    @Test
    void stepsAreCountedAndResetStartsAgain() throws Exception {
        try (Environment<A, O, S> env = spec().factory().create()) {
            env.reset(ResetRequest.withSeed(seed()));
            env.step(script().get(0));
            assertThat(codec().encodeState(env.state()).path("step_count").longValue())
                    .isEqualTo(1);
            env.reset(ResetRequest.withSeed(seed()));
            assertThat(codec().encodeState(env.state()).path("step_count").longValue())
                    .isZero();
        }
    }

    @Test
    void resetWithoutEpisodeIdAssignsOne() throws Exception {
        try (Environment<A, O, S> env = spec().factory().create()) {
            env.reset(ResetRequest.empty());
            assertThat(codec().encodeState(env.state()).path("episode_id").asString(""))
                    .isNotBlank();
        }
    }

    @Test
    void sameSeedAndActionsGiveTheSameTrajectory() throws Exception {
        if (!deterministic()) {
            return;
        }
        // declared measured fields (wall-clock times) differ by nature; everything else must replay
        var measured = spec().metadata().measuredFields();
        assertThat(playScript("twin").stream()
                        .map(payload -> MeasuredFields.blank(payload, measured))
                        .toList())
                .isEqualTo(playScript("twin").stream()
                        .map(payload -> MeasuredFields.blank(payload, measured))
                        .toList());
    }

    @Test
    void actionsSurviveTheWire() {
        for (A action : script()) {
            ObjectNode encoded = codec().encodeAction(action);
            assertThat(codec().decodeAction(encoded)).isEqualTo(action);
        }
    }

    @Test
    void schemasDescribeActionObservationAndState() {
        ObjectNode schema = codec().schema();
        assertThat(schema.get("action").isObject()).isTrue();
        assertThat(schema.get("observation").isObject()).isTrue();
        assertThat(schema.get("state").isObject()).isTrue();
    }

    @Test
    void oracleReachesTheDocumentedReturn() throws Exception {
        Policy<A, O, S> oracle = oracle();
        if (oracle == null) {
            return;
        }
        try (Environment<A, O, S> env = spec().factory().create()) {
            Step<O> step = env.reset(ResetRequest.withSeed(seed()));
            double total = 0;
            int steps = 0;
            while (!step.done()) {
                assertThat(steps++)
                        .as("the oracle must finish within %d steps", oracleStepLimit())
                        .isLessThan(oracleStepLimit());
                step = env.step(oracle.act(step, env.state()));
                total += step.reward() == null ? 0 : step.reward();
            }
            assertThat(total).isCloseTo(oracleReturn(), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void closeCanFollowAnyState() throws Exception {
        Environment<A, O, S> fresh = spec().factory().create();
        assertThatCode(fresh::close).doesNotThrowAnyException();
        Environment<A, O, S> used = spec().factory().create();
        used.reset(ResetRequest.withSeed(seed()));
        used.step(script().get(0));
        assertThatCode(used::close).doesNotThrowAnyException();
    }
}
