package io.openenv4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.openenv4j.core.Environment;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.blackjack.BlackjackEnvironment;
import io.openenv4j.envs.blackjack.BlackjackOracle;
import io.openenv4j.envs.cartpole.CartPoleEnvironment;
import io.openenv4j.envs.cartpole.CartPoleOracle;
import io.openenv4j.envs.mountaincar.MountainCarEnvironment;
import io.openenv4j.envs.mountaincar.MountainCarOracle;
import io.openenv4j.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Our CartPole-v1, MountainCar-v0 and Blackjack-v1 against Gymnasium itself (from PyPI, in the build's
 * Python venv): each case starts both from the same initial state (Blackjack: the same hands and the same
 * stacked cards), plays the same actions (chosen by a Java policy as our environment runs), and must give
 * the same observations, 64-bit states (within 1e-9), rewards, terminated and truncated flags, step for
 * step. Gymnasium runs once for all cases ({@code gym_trajectories.py}).
 *
 * <p>CartPole is unstable without feedback: replaying a fixed action list, a difference in the last bit of
 * the state grows about 8% a step and passes 1e-9 after some 250 steps. The whole-trajectory comparison thus
 * also needs our sine and cosine ({@code StrictMath}, fdlibm) to agree with the C library's that numpy calls;
 * on these machines they agree for every step of the trajectories below (MountainCar, which is stable,
 * differs by at most an ulp). So that a platform whose libm differs in the last bit is told apart from a
 * real error, every classic-control step is also checked on its own: our environment, started from
 * Gymnasium's state before the step, must land within 1e-12 of Gymnasium's state after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GymnasiumParityTest {

    /**
     * One comparison: what to send to Gymnasium, what our environment did, and (classic control) how our
     * environment steps from any given state, for the step-by-step check.
     */
    private record Case(
            String name,
            String env,
            Map<String, Object> kwargs,
            Object initialState,
            List<Integer> actions,
            Trajectory java,
            BiFunction<List<Double>, Integer, List<Double>> oneStep) {}

    /** A trajectory in gym_trajectories.py's shape; Blackjack states are [player cards..., -1, dealer cards...]. */
    private record Trajectory(
            List<List<Double>> observations,
            List<List<Double>> states,
            List<Double> rewards,
            List<Boolean> terminated,
            List<Boolean> truncated) {}

    private final List<Case> cases = new ArrayList<>();
    private final Map<String, JsonNode> gymnasium = new LinkedHashMap<>();

    @BeforeAll
    void runGymnasium() throws Exception {
        PythonReference.assumeAvailable();
        cartPoleCases();
        mountainCarCases();
        blackjackCases();
        var request = new ArrayList<Map<String, Object>>();
        for (Case c : cases) {
            request.add(Map.of(
                    "env", c.env(), "kwargs", c.kwargs(), "initial_state", c.initialState(), "actions", c.actions()));
        }
        Path file = Files.createTempFile("gym-cases", ".json");
        Files.writeString(file, WireJson.write(request));
        var result = PythonReference.run(
                List.of(
                        PythonReference.python().toString(),
                        PythonReference.script("gym_trajectories.py").toString(),
                        "--cases",
                        file.toString()),
                300);
        assertThat(result.exitCode())
                .as("gym_trajectories.py failed: %s", result.error())
                .isZero();
        JsonNode out = WireJson.parse(result.output());
        assertThat(out.size()).isEqualTo(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            gymnasium.put(cases.get(i).name(), out.get(i));
        }
        Files.deleteIfExists(file);
    }

    @Test
    void cartPoleTrajectoriesMatchGymnasium() {
        compareAll("CartPole-v1");
        assertThat(javaOf("cartpole balanced").rewards()).hasSize(500);
        assertThat(javaOf("cartpole balanced").truncated().getLast()).isTrue();
        assertThat(javaOf("cartpole drifts off the track").rewards()).hasSizeGreaterThan(300);
        assertThat(javaOf("cartpole drifts off the track").terminated().getLast())
                .isTrue();
        assertThat(javaOf("cartpole pole falls, sutton-barto reward").rewards().getLast())
                .isEqualTo(-1.0);
    }

    @Test
    void mountainCarTrajectoriesMatchGymnasium() {
        compareAll("MountainCar-v0");
        assertThat(javaOf("mountaincar reaches the flag").terminated().getLast())
                .isTrue();
        assertThat(javaOf("mountaincar coasts until truncated").rewards()).hasSize(200);
        assertThat(javaOf("mountaincar coasts until truncated").truncated().getLast())
                .isTrue();
        assertThat(javaOf("mountaincar drives into the left wall").states())
                .anySatisfy(state -> assertThat(state.get(0)).isEqualTo(MountainCarEnvironment.MIN_POSITION));
    }

    @Test
    void blackjackDealsMatchGymnasium() {
        compareAll("Blackjack-v1");
        assertThat(javaOf("blackjack natural, dealer 21 in three, sab").rewards())
                .containsExactly(1.0);
        assertThat(javaOf("blackjack natural, dealer 21 in three").rewards()).containsExactly(0.0);
        assertThat(javaOf("blackjack natural pays 1.5").rewards()).containsExactly(1.5);
    }

    private void compareAll(String env) {
        List<Case> ofEnv = cases.stream().filter(c -> c.env().equals(env)).toList();
        assertThat(ofEnv).isNotEmpty();
        for (Case c : ofEnv) {
            JsonNode expected = gymnasium.get(c.name());
            if (c.oneStep() != null) {
                compareEachStep(c, expected);
            }
            Trajectory ours = c.java();
            assertThat(ours.rewards())
                    .as("%s: steps", c.name())
                    .hasSize(expected.path("rewards").size());
            for (int t = 0; t < ours.observations().size(); t++) {
                String at = c.name() + ", step " + t;
                List<Double> observation = ours.observations().get(t);
                JsonNode theirs = expected.path("observations").get(t);
                assertThat(observation).as(at).hasSize(theirs.size());
                for (int k = 0; k < observation.size(); k++) {
                    double want = theirs.get(k).asDouble();
                    // float32 observations: a state that differs in the 16th digit may round to the neighbouring float.
                    assertThat(observation.get(k))
                            .as("%s, observation[%d]", at, k)
                            .isCloseTo(want, within(Math.max(1e-9, Math.ulp((float) want))));
                }
                List<Double> state = ours.states().get(t);
                List<Double> theirState = gymState(expected.path("states").get(t));
                assertThat(state).as(at).hasSize(theirState.size());
                for (int k = 0; k < state.size(); k++) {
                    assertThat(state.get(k)).as("%s, state[%d]", at, k).isCloseTo(theirState.get(k), within(1e-9));
                }
                if (t > 0) {
                    assertThat(ours.rewards().get(t - 1))
                            .as("%s, reward", at)
                            .isEqualTo(expected.path("rewards").get(t - 1).asDouble());
                    assertThat(ours.terminated().get(t - 1))
                            .as("%s, terminated", at)
                            .isEqualTo(expected.path("terminated").get(t - 1).asBoolean());
                    assertThat(ours.truncated().get(t - 1))
                            .as("%s, truncated", at)
                            .isEqualTo(expected.path("truncated").get(t - 1).asBoolean());
                }
            }
        }
    }

    /** Each step on its own, from Gymnasium's state before it: immune to the growth of last-bit differences. */
    private static void compareEachStep(Case c, JsonNode expected) {
        for (int t = 0; t < expected.path("rewards").size(); t++) {
            List<Double> next = c.oneStep()
                    .apply(gymState(expected.path("states").get(t)), c.actions().get(t));
            List<Double> want = gymState(expected.path("states").get(t + 1));
            for (int k = 0; k < want.size(); k++) {
                assertThat(next.get(k))
                        .as("%s, step %d alone, state[%d]", c.name(), t + 1, k)
                        .isCloseTo(want.get(k), within(1e-12));
            }
        }
    }

    private Trajectory javaOf(String name) {
        return cases.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow()
                .java();
    }

    /** Gymnasium's state as numbers: the physics, or a Blackjack deal flattened as in {@link Trajectory}. */
    private static List<Double> gymState(JsonNode state) {
        var values = new ArrayList<Double>();
        if (state.isArray()) {
            state.forEach(v -> values.add(v.asDouble()));
        } else {
            state.path("player").forEach(v -> values.add(v.asDouble()));
            values.add(-1.0);
            state.path("dealer").forEach(v -> values.add(v.asDouble()));
        }
        return values;
    }

    // ---- CartPole ----

    private void cartPoleCases() {
        var oracle = new CartPoleOracle();
        cartPole(
                "cartpole balanced",
                Map.of(),
                List.of(0.03, -0.02, 0.04, 0.01),
                s -> oracle.act(null, s).action());
        // Feeding the cart's motion back with the wrong sign keeps the pole up but walks the cart off the track.
        cartPole(
                "cartpole drifts off the track",
                Map.of(),
                List.of(0.02, -0.03, 0.04, 0.01),
                s -> -0.2 * s.cartPosition() - 0.2 * s.cartVelocity() + 10 * s.poleAngle() + 2 * s.poleAngularVelocity()
                                > 0
                        ? 1
                        : 0);
        var coin = new SplittableRandom(11);
        cartPole("cartpole random pushes", Map.of(), List.of(-0.04, 0.01, -0.02, 0.03), s -> coin.nextInt(2));
        cartPole(
                "cartpole pole falls, sutton-barto reward",
                Map.of("sutton_barto_reward", true),
                List.of(0.0, 0.0, 0.1, 0.0),
                s -> 0);
        cartPole("cartpole from rest, pushed right", Map.of(), List.of(0.0, 0.0, 0.0, 0.0), s -> 1);
    }

    private void cartPole(
            String name,
            Map<String, Object> kwargs,
            List<Double> initial,
            ToIntFunction<CartPoleEnvironment.CartPoleState> policy) {
        var options = new LinkedHashMap<String, Object>(kwargs);
        options.put("initial_state", initial);
        var env = new CartPoleEnvironment();
        cases.add(play(
                name,
                "CartPole-v1",
                kwargs,
                initial,
                env,
                options,
                s -> new CartPoleEnvironment.Action(policy.applyAsInt(s)),
                a -> a.action(),
                o -> List.of((double) o.cartPosition(), (double) o.cartVelocity(), (double) o.poleAngle(), (double)
                        o.poleAngularVelocity()),
                s -> List.of(s.cartPosition(), s.cartVelocity(), s.poleAngle(), s.poleAngularVelocity()),
                s -> s.terminated(),
                s -> s.truncated(),
                (from, action) -> {
                    var single = new CartPoleEnvironment();
                    var singleOptions = new LinkedHashMap<String, Object>(kwargs);
                    singleOptions.put("initial_state", from);
                    single.reset(new ResetRequest(0L, null, singleOptions));
                    single.step(new CartPoleEnvironment.Action(action));
                    var s = single.state();
                    return List.of(s.cartPosition(), s.cartVelocity(), s.poleAngle(), s.poleAngularVelocity());
                }));
    }

    // ---- MountainCar ----

    private void mountainCarCases() {
        var oracle = new MountainCarOracle();
        mountainCar(
                "mountaincar reaches the flag",
                List.of(-0.55, 0.0),
                s -> oracle.act(null, s).action());
        mountainCar(
                "mountaincar reaches the flag from the left",
                List.of(-1.0, -0.02),
                s -> oracle.act(null, s).action());
        mountainCar("mountaincar coasts until truncated", List.of(-0.45, 0.0), s -> 1);
        mountainCar("mountaincar drives into the left wall", List.of(-0.9, -0.05), s -> 0);
        var coin = new SplittableRandom(5);
        mountainCar("mountaincar random throttle", List.of(-0.5, 0.0), s -> coin.nextInt(3));
    }

    private void mountainCar(
            String name, List<Double> initial, ToIntFunction<MountainCarEnvironment.MountainCarState> policy) {
        cases.add(play(
                name,
                "MountainCar-v0",
                Map.of(),
                initial,
                new MountainCarEnvironment(),
                Map.of("initial_state", initial),
                s -> new MountainCarEnvironment.Action(policy.applyAsInt(s)),
                a -> a.action(),
                o -> List.of((double) o.position(), (double) o.velocity()),
                s -> List.of(s.position(), s.velocity()),
                s -> s.terminated(),
                s -> s.truncated(),
                (from, action) -> {
                    var single = new MountainCarEnvironment();
                    single.reset(new ResetRequest(0L, null, Map.of("initial_state", from)));
                    single.step(new MountainCarEnvironment.Action(action));
                    return List.of(single.state().position(), single.state().velocity());
                }));
    }

    // ---- Blackjack ----

    private void blackjackCases() {
        blackjack(
                "blackjack hit to 19, dealer draws to 17",
                Map.of(),
                List.of(10, 6),
                List.of(10, 2),
                List.of(3, 5),
                List.of(1, 0));
        blackjack("blackjack bust", Map.of(), List.of(10, 6), List.of(9, 7), List.of(10), List.of(1));
        blackjack(
                "blackjack soft hand turns hard",
                Map.of(),
                List.of(1, 6),
                List.of(10, 7),
                List.of(10, 4),
                List.of(1, 1, 0));
        blackjack("blackjack dealer stands on soft 17", Map.of(), List.of(10, 8), List.of(1, 6), List.of(), List.of(0));
        blackjack("blackjack dealer busts", Map.of(), List.of(10, 2), List.of(10, 6), List.of(10), List.of(0));
        blackjack("blackjack push", Map.of(), List.of(10, 8), List.of(9, 9), List.of(), List.of(0));
        blackjack(
                "blackjack natural, dealer 21 in three",
                Map.of(),
                List.of(1, 10),
                List.of(10, 6),
                List.of(5),
                List.of(0));
        blackjack(
                "blackjack natural, dealer 21 in three, sab",
                Map.of("sab", true),
                List.of(1, 10),
                List.of(10, 6),
                List.of(5),
                List.of(0));
        blackjack(
                "blackjack natural pays 1.5",
                Map.of("natural", true),
                List.of(10, 1),
                List.of(10, 7),
                List.of(),
                List.of(0));
        blackjack("blackjack both natural", Map.of("sab", true), List.of(1, 10), List.of(10, 1), List.of(), List.of(0));
        // Deals from our seeded deck, played by basic strategy, replayed in Gymnasium with the same cards.
        for (long seed = 0; seed < 40; seed++) {
            var env = new BlackjackEnvironment();
            Step<BlackjackEnvironment.Observation> step = env.reset(ResetRequest.withSeed(seed));
            var actions = new ArrayList<Integer>();
            var oracle = new BlackjackOracle();
            while (!step.done()) {
                var action = oracle.act(step, env.state());
                actions.add(action.action());
                step = env.step(action);
            }
            List<Integer> player = env.state().playerCards();
            List<Integer> dealer = env.state().dealerCards();
            var deck = new ArrayList<>(player.subList(2, player.size()));
            deck.addAll(dealer.subList(2, dealer.size()));
            blackjack(
                    "blackjack seed " + seed,
                    seed % 2 == 0 ? Map.of() : Map.of("sab", true),
                    player.subList(0, 2),
                    dealer.subList(0, 2),
                    deck,
                    actions);
        }
    }

    private void blackjack(
            String name,
            Map<String, Object> rules,
            List<Integer> player,
            List<Integer> dealer,
            List<Integer> deck,
            List<Integer> actions) {
        var kwargs = new LinkedHashMap<String, Object>(Map.of("natural", false, "sab", false));
        kwargs.putAll(rules);
        Map<String, Object> deal =
                Map.of("player", List.copyOf(player), "dealer", List.copyOf(dealer), "deck", List.copyOf(deck));
        var options = new LinkedHashMap<String, Object>(kwargs);
        options.put("initial_state", deal);
        var queue = new ArrayList<>(actions);
        cases.add(play(
                name,
                "Blackjack-v1",
                kwargs,
                deal,
                new BlackjackEnvironment(),
                options,
                s -> new BlackjackEnvironment.Action(queue.removeFirst()),
                a -> a.action(),
                o -> List.of((double) o.playerSum(), (double) o.dealerCard(), o.usableAce() ? 1.0 : 0.0),
                s -> {
                    var flat = new ArrayList<Double>();
                    s.playerCards().forEach(c -> flat.add((double) c));
                    flat.add(-1.0);
                    s.dealerCards().forEach(c -> flat.add((double) c));
                    return flat;
                },
                s -> s.result() != null,
                s -> false,
                null));
    }

    /** Plays our environment from the options' initial state with the policy until done, recording everything. */
    private static <A, O, S> Case play(
            String name,
            String gymId,
            Map<String, Object> kwargs,
            Object initial,
            Environment<A, O, S> env,
            Map<String, Object> options,
            Function<S, A> policy,
            ToIntFunction<A> actionNumber,
            Function<O, List<Double>> observation,
            Function<S, List<Double>> state,
            Function<S, Boolean> terminated,
            Function<S, Boolean> truncated,
            BiFunction<List<Double>, Integer, List<Double>> oneStep) {
        var trajectory = new Trajectory(
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        var actions = new ArrayList<Integer>();
        Step<O> step = env.reset(new ResetRequest(0L, name, options));
        trajectory.observations().add(observation.apply(step.observation()));
        trajectory.states().add(state.apply(env.state()));
        while (!step.done()) {
            A action = policy.apply(env.state());
            actions.add(actionNumber.applyAsInt(action));
            step = env.step(action);
            trajectory.observations().add(observation.apply(step.observation()));
            trajectory.states().add(state.apply(env.state()));
            trajectory.rewards().add(step.reward());
            trajectory.terminated().add(terminated.apply(env.state()));
            trajectory.truncated().add(truncated.apply(env.state()));
        }
        return new Case(name, gymId, kwargs, initial, actions, trajectory, oneStep);
    }
}
