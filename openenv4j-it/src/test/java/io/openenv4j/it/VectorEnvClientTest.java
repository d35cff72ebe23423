package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.client.AutoresetMode;
import io.openenv4j.client.ClientMisuseException;
import io.openenv4j.client.ClientOptions;
import io.openenv4j.client.ServerErrorException;
import io.openenv4j.client.VectorEnvClient;
import io.openenv4j.client.VectorResult;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.envs.cartpole.CartPoleEnvironment;
import io.openenv4j.server.EnvServer;
import io.openenv4j.server.ServerConfig;
import io.openenv4j.wire.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The typed vector client over {@code /ws/batch} against a real server on loopback: Gymnasium's autoreset
 * modes, per-environment seeds, partial resets, per-environment errors and a clean close. The counter
 * environment adds deltas to a total, is done at 10 or more and fails on a delta of 13.
 */
class VectorEnvClientTest {

    private EnvServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = EnvServer.create(
                        CounterEnvironment.spec(), ServerConfig.ephemeral().withMaxSessions(8))
                .start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private VectorEnvClient<CounterEnvironment.Action, CounterEnvironment.Observation, CounterEnvironment.CounterState>
            open(int envs, AutoresetMode mode) {
        return VectorEnvClient.connect(
                server.baseUrl(),
                envs,
                CounterEnvironment.Action.class,
                CounterEnvironment.Observation.class,
                CounterEnvironment.CounterState.class,
                mode,
                ClientOptions.defaults());
    }

    private static List<CounterEnvironment.Action> deltas(int... deltas) {
        return Arrays.stream(deltas)
                .mapToObj(d -> new CounterEnvironment.Action(d, null))
                .toList();
    }

    private static <O> O observation(VectorResult<O> result) {
        return stepped(result).step().observation();
    }

    private static <O> VectorResult.Stepped<O> stepped(VectorResult<O> result) {
        assertThat(result).isInstanceOf(VectorResult.Stepped.class);
        return (VectorResult.Stepped<O>) result;
    }

    @Test
    void aSeededResetGivesEnvironmentIItsSeedPlusI() {
        try (var envs = open(3, AutoresetMode.NEXT_STEP)) {
            var results = envs.reset(100);
            assertThat(results)
                    .extracting(r -> observation(r).message())
                    .containsExactly("reset seed=100", "reset seed=101", "reset seed=102");
            assertThat(envs.reset()).extracting(r -> observation(r).message()).containsOnly("reset seed=None");
        }
    }

    @Test
    void nextStepAutoresetReturnsTheLastObservationThenResetsIgnoringTheAction() {
        try (var envs = open(2, AutoresetMode.NEXT_STEP)) {
            envs.reset();
            var ending = envs.step(deltas(10, 1));
            assertThat(stepped(ending.get(0)).step().done()).isTrue();
            assertThat(observation(ending.get(0)).total()).isEqualTo(10);
            assertThat(stepped(ending.get(0)).autoreset()).isFalse();

            var next = envs.step(deltas(5, 1));
            var reset = stepped(next.get(0));
            assertThat(reset.autoreset()).isTrue();
            assertThat(reset.step().observation().total()).isZero();
            assertThat(reset.step().reward()).isEqualTo(0.0);
            assertThat(reset.step().done()).isFalse();
            assertThat(observation(next.get(1)).total()).isEqualTo(2);
            assertThat(envs.states())
                    .extracting(CounterEnvironment.CounterState::total)
                    .containsExactly(0L, 2L);

            var after = envs.step(deltas(5, 1));
            assertThat(stepped(after.get(0)).autoreset()).isFalse();
            assertThat(observation(after.get(0)).total()).isEqualTo(5);
        }
    }

    @Test
    void sameStepAutoresetReturnsTheNewEpisodeWithTheEndingRewardAndKeepsTheFinalStep() {
        try (var envs = open(2, AutoresetMode.SAME_STEP)) {
            envs.reset();
            var results = envs.step(deltas(12, 1));
            var ended = stepped(results.get(0));
            assertThat(ended.step().done()).isTrue();
            assertThat(ended.step().reward()).isEqualTo(12.0);
            assertThat(ended.step().observation().total()).isZero();
            assertThat(ended.finalStep().observation().total()).isEqualTo(12);
            assertThat(ended.finalStep().done()).isTrue();
            assertThat(stepped(results.get(1)).finalStep()).isNull();
            assertThat(envs.states())
                    .extracting(CounterEnvironment.CounterState::total)
                    .containsExactly(0L, 1L);
            assertThat(observation(envs.step(deltas(3, 3)).get(0)).total()).isEqualTo(3);
        }
    }

    @Test
    void disabledAutoresetLeavesEndedEnvironmentsToAPartialResetThatSkipsTheOthers() {
        try (var envs = open(3, AutoresetMode.DISABLED)) {
            envs.reset();
            envs.step(deltas(10, 1, 2));
            var again = envs.step(deltas(1, 1, 2));
            assertThat(observation(again.get(0)).total())
                    .as("no reset without the caller")
                    .isEqualTo(11);

            var partial = new ArrayList<ResetRequest>(Arrays.asList(null, null, null));
            partial.set(0, new ResetRequest(7L, "fresh", Map.of("start", 3)));
            var results = envs.reset(partial);
            assertThat(observation(results.get(0)).total()).isEqualTo(3);
            assertThat(observation(results.get(0)).message()).isEqualTo("reset seed=7");
            assertThat(results.get(1)).isEqualTo(new VectorResult.Skipped<>(1));
            assertThat(results.get(2)).isEqualTo(new VectorResult.Skipped<>(2));
            assertThat(envs.states())
                    .extracting(CounterEnvironment.CounterState::total)
                    .containsExactly(3L, 2L, 4L);
            assertThat(envs.states().get(0).episodeId()).isEqualTo("fresh");
        }
    }

    @Test
    void aNullActionLeavesThatEnvironmentAlone() {
        try (var envs = open(2, AutoresetMode.NEXT_STEP)) {
            envs.reset();
            var results = envs.step(Arrays.asList(new CounterEnvironment.Action(4, null), null));
            assertThat(observation(results.get(0)).total()).isEqualTo(4);
            assertThat(results.get(1)).isEqualTo(new VectorResult.Skipped<>(1));
            assertThat(envs.states())
                    .extracting(CounterEnvironment.CounterState::stepCount)
                    .containsExactly(1L, 0L);
        }
    }

    @Test
    void anEnvironmentThatFailsIsReportedInItsEntryAndCostsTheOthersNothing() {
        try (var envs = open(3, AutoresetMode.NEXT_STEP)) {
            envs.reset();
            var results = envs.step(deltas(13, 2, 3));
            assertThat(results.get(0)).isInstanceOf(VectorResult.Failed.class);
            ServerErrorException error = ((VectorResult.Failed<?>) results.get(0)).error();
            assertThat(error.code()).isEqualTo(ErrorCode.EXECUTION_ERROR);
            assertThat(error.serverMessage()).contains("unlucky delta 13");
            assertThat(observation(results.get(1)).total()).isEqualTo(2);
            assertThat(observation(results.get(2)).total()).isEqualTo(3);
            assertThat(observation(envs.step(deltas(1, 1, 1)).get(0)).total())
                    .as("the group lives on")
                    .isEqualTo(1);
            assertThat(envs.isOpen()).isTrue();
        }
    }

    @Test
    void aListOfTheWrongLengthIsTheCallersMistakeAndSendsNothing() {
        try (var envs = open(2, AutoresetMode.NEXT_STEP)) {
            envs.reset();
            assertThatThrownBy(() -> envs.step(deltas(1)))
                    .isInstanceOf(ClientMisuseException.class)
                    .hasMessageContaining("expected 2 actions");
            assertThat(envs.states())
                    .extracting(CounterEnvironment.CounterState::stepCount)
                    .containsExactly(0L, 0L);
        }
    }

    @Test
    void aGroupLargerThanTheFreeSlotsIsRefusedWithCapacityReached() {
        try (var envs = open(9, AutoresetMode.NEXT_STEP)) {
            assertThatThrownBy(envs::reset)
                    .isInstanceOfSatisfying(
                            ServerErrorException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CAPACITY_REACHED));
        }
        assertThatThrownBy(() -> open(0, AutoresetMode.NEXT_STEP)).isInstanceOf(ClientMisuseException.class);
    }

    @Test
    void closingTheClientClosesEveryEnvironmentOfTheGroupAndFreesItsSlots() throws Exception {
        var envs = open(8, AutoresetMode.NEXT_STEP);
        envs.reset();
        assertThat(server.activeSessions()).isEqualTo(8);
        envs.close();
        assertThat(envs.isOpen()).isFalse();
        assertThatThrownBy(envs::reset).isInstanceOf(ClientMisuseException.class);
        // The server frees the slots after the close frame; a new group of 8 needs all of them.
        long until = System.nanoTime() + 30_000_000_000L;
        while (server.activeSessions() != 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        try (var again = open(8, AutoresetMode.NEXT_STEP)) {
            assertThat(again.reset()).hasSize(8).allMatch(r -> r instanceof VectorResult.Stepped);
        }
    }

    @Test
    void cartPoleEpisodesRunEndToEndInAVectorOfSixtyFourWithTypedObservations() throws Exception {
        try (var cartPoles = EnvServer.create(
                                CartPoleEnvironment.spec(),
                                ServerConfig.ephemeral().withMaxSessions(64))
                        .start();
                var envs = VectorEnvClient.connect(
                        cartPoles.baseUrl(),
                        64,
                        CartPoleEnvironment.Action.class,
                        CartPoleEnvironment.Observation.class,
                        CartPoleEnvironment.CartPoleState.class)) {
            var random = new SplittableRandom(1);
            assertThat(envs.reset(0)).hasSize(64).allMatch(r -> r instanceof VectorResult.Stepped);
            int ended = 0;
            int autoresets = 0;
            for (int t = 0; t < 100; t++) {
                var actions = new ArrayList<CartPoleEnvironment.Action>();
                for (int i = 0; i < 64; i++) {
                    actions.add(new CartPoleEnvironment.Action(random.nextInt(2)));
                }
                for (var result : envs.step(actions)) {
                    var step = stepped(result);
                    ended += step.step().done() ? 1 : 0;
                    autoresets += step.autoreset() ? 1 : 0;
                    assertThat(Math.abs(step.step().observation().poleAngle())).isLessThan(0.3f);
                }
            }
            assertThat(ended)
                    .as("random actions end a CartPole episode within some 20 steps")
                    .isGreaterThan(64);
            assertThat(autoresets).isBetween(ended - 64, ended);
        }
    }
}
