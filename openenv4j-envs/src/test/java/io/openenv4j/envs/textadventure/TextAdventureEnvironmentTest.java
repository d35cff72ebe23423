package io.openenv4j.envs.textadventure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.textadventure.TextAdventureEnvironment.Action;
import io.openenv4j.envs.textadventure.TextAdventureEnvironment.AdventureState;
import io.openenv4j.envs.textadventure.TextAdventureEnvironment.Observation;
import io.openenv4j.testkit.EnvironmentContract;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextAdventureEnvironmentTest extends EnvironmentContract<Action, Observation, AdventureState> {

    @Override
    protected EnvSpec<Action, Observation, AdventureState> spec() {
        return TextAdventureEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(
                new Action("look"),
                new Action("go east"),
                new Action("take all"),
                new Action("dance"),
                new Action("w"),
                new Action("n"),
                new Action("open door"),
                new Action("inventory"));
    }

    @Override
    protected Policy<Action, Observation, AdventureState> oracle() {
        return new TextAdventureOracle();
    }

    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    private static TextAdventureEnvironment started(long seed, Map<String, Object> options) {
        var env = new TextAdventureEnvironment();
        env.reset(new ResetRequest(seed, null, options));
        return env;
    }

    @Test
    void resetSetsTheSceneInTheGarden() {
        Step<Observation> step = new TextAdventureEnvironment().reset(ResetRequest.withSeed(1));
        Observation observation = step.observation();
        assertThat(observation.prompt())
                .startsWith("THE OLD HOUSE")
                .contains("golden idol", "Garden\n", "Exits: north, east.", "Score: 0 of 100. Moves: 0 of 50.");
        assertThat(observation.room()).isEqualTo("garden");
        assertThat(observation.exits()).containsExactly("north", "east");
        assertThat(observation.inventory()).isEmpty();
        assertThat(observation.status()).isEqualTo("playing");
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
    }

    @Test
    void movingChangesTheRoomAndItsFields() {
        var env = started(1, Map.of());
        Observation observation = env.step(new Action("Go North!")).observation();
        assertThat(observation.room()).isEqualTo("hall");
        assertThat(observation.exits()).containsExactly("north", "south", "east", "west");
        assertThat(observation.prompt()).startsWith("Hall\n").contains("heavy oak door, which is locked.");
        assertThat(observation.moves()).isEqualTo(1);
        assertThat(env.state().room()).isEqualTo("hall");
    }

    @Test
    void anUnknownCommandIsAnsweredInTheWorldAndCostsAMove() {
        var env = started(1, Map.of());
        Step<Observation> step = env.step(new Action("summon a dragon"));
        assertThat(step.observation().prompt()).startsWith("I don't understand \"summon a dragon\".");
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
        assertThat(step.observation().moves()).isEqualTo(1);
        assertThat(env.step(new Action(null)).observation().prompt()).startsWith("I beg your pardon?");
    }

    @Test
    void theWalkthroughEarnsEachMilestoneAndWins() {
        var env = started(3, Map.of());
        var oracle = new TextAdventureOracle();
        Step<Observation> step = env.reset(ResetRequest.withSeed(3));
        var rewards = new java.util.ArrayList<Double>();
        while (!step.done()) {
            step = env.step(oracle.act(step, env.state()));
            rewards.add(step.reward());
        }
        assertThat(rewards).hasSize(10);
        assertThat(rewards.stream().filter(r -> r > 0).toList()).containsExactly(0.1, 0.1, 0.1, 0.7);
        assertThat(step.observation().status()).isEqualTo("won");
        assertThat(step.observation().score()).isEqualTo(100);
        assertThat(step.observation().prompt()).contains("You have won");
        assertThat(env.state().milestones())
                .containsExactly("key_taken", "door_unlocked", "idol_taken", "idol_rescued");
        assertThatThrownBy(() -> env.step(new Action("look")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("game is over");
    }

    @Test
    void theOracleWinsFromEverySeed() {
        var oracle = new TextAdventureOracle();
        for (long seed = 0; seed < 50; seed++) {
            var env = new TextAdventureEnvironment();
            Step<Observation> step = env.reset(ResetRequest.withSeed(seed));
            double total = 0;
            while (!step.done()) {
                step = env.step(oracle.act(step, env.state()));
                total += step.reward();
            }
            assertThat(step.observation().status()).isEqualTo("won");
            assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void inventoryAndItemsAppearInTheFields() {
        var env = started(1, Map.of());
        String keyRoom = env.state().itemLocations().get("key");
        var oracle = new TextAdventureOracle();
        Step<Observation> step = null;
        while (!env.state().room().equals(keyRoom)) {
            step = env.step(oracle.act(step, env.state()));
        }
        assertThat(step.observation().itemsHere()).contains("brass key");
        step = env.step(new Action("get the brass key"));
        assertThat(step.reward()).isEqualTo(0.1);
        assertThat(step.observation().inventory()).containsExactly("brass key");
        assertThat(step.observation().itemsHere()).doesNotContain("brass key");
        assertThat(env.state().inventory()).containsExactly("key");
        assertThat(env.state().itemLocations()).doesNotContainKey("key");
        assertThat(env.step(new Action("i")).observation().prompt()).startsWith("You are carrying: a brass key.");
    }

    @Test
    void theStepLimitTruncates() {
        var env = started(1, Map.of("max_steps", 3));
        env.step(new Action("wait"));
        assertThat(env.step(new Action("wait")).done()).isFalse();
        Step<Observation> step = env.step(new Action("wait"));
        assertThat(step.done()).isTrue();
        assertThat(step.reward()).isZero();
        assertThat(step.observation().status()).isEqualTo("truncated");
        assertThat(step.observation().prompt()).contains("You have used all 3 moves. The game is over.");
        assertThat(env.state().status()).isEqualTo("truncated");
    }

    @Test
    void theSeedVariesTheLayoutAndRepeatsIt() {
        var layouts = new HashSet<Map<String, String>>();
        for (long seed = 0; seed < 20; seed++) {
            layouts.add(started(seed, Map.of()).state().itemLocations());
            assertThat(started(seed, Map.of()).state().itemLocations())
                    .isEqualTo(started(seed, Map.of()).state().itemLocations());
        }
        assertThat(layouts.size()).isGreaterThan(5);
    }

    @Test
    void badResetOptionsAreClearErrors() {
        var env = new TextAdventureEnvironment();
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("max_steps", 0))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'max_steps'");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("max_steps", "lots"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("max_steps");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("difficulty", "hard"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("difficulty");
    }

    @Test
    void stepBeforeResetIsAnError() {
        assertThatThrownBy(() -> new TextAdventureEnvironment().step(new Action("look")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("reset");
    }
}
