package io.openenv4j.envs.blackjack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.blackjack.BlackjackEnvironment.Action;
import io.openenv4j.envs.blackjack.BlackjackEnvironment.BlackjackState;
import io.openenv4j.envs.blackjack.BlackjackEnvironment.Observation;
import io.openenv4j.testkit.EnvironmentContract;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlackjackEnvironmentTest extends EnvironmentContract<Action, Observation, BlackjackState> {

    private static final Action STICK = new Action(0);
    private static final Action HIT = new Action(1);

    @Override
    protected EnvSpec<Action, Observation, BlackjackState> spec() {
        return BlackjackEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(HIT, STICK);
    }

    @Override
    protected long seed() {
        return 8;
    }

    @Override
    protected Policy<Action, Observation, BlackjackState> oracle() {
        return new BlackjackOracle();
    }

    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    private static BlackjackEnvironment dealt(
            List<Integer> player, List<Integer> dealer, List<Integer> deck, Map<String, Object> rules) {
        var options = new HashMap<String, Object>(rules);
        options.put("initial_state", Map.of("player", player, "dealer", dealer, "deck", deck));
        var env = new BlackjackEnvironment();
        env.reset(new ResetRequest(1L, null, options));
        return env;
    }

    private static BlackjackEnvironment dealt(List<Integer> player, List<Integer> dealer, List<Integer> deck) {
        return dealt(player, dealer, deck, Map.of());
    }

    @Test
    void aDealShowsThePlayersHandAndOneDealerCard() {
        var env = new BlackjackEnvironment();
        for (long seed = 0; seed < 200; seed++) {
            Step<Observation> step = env.reset(ResetRequest.withSeed(seed));
            Observation seen = step.observation();
            BlackjackState state = env.state();
            assertThat(seen.playerCards()).hasSize(2).isEqualTo(state.playerCards());
            assertThat(seen.dealerCards()).containsExactly(state.dealerCards().get(0));
            assertThat(seen.dealerCard()).isBetween(1, 10);
            assertThat(seen.playerSum()).isBetween(4, 21);
            assertThat(seen.result()).isNull();
            assertThat(step.done()).isFalse();
        }
    }

    @Test
    void theSameSeedDealsTheSameCards() {
        var env = new BlackjackEnvironment();
        env.reset(ResetRequest.withSeed(99));
        BlackjackState first = env.state();
        env.reset(ResetRequest.withSeed(99));
        assertThat(env.state().playerCards()).isEqualTo(first.playerCards());
        assertThat(env.state().dealerCards()).isEqualTo(first.dealerCards());
    }

    @Test
    void cardsAreDrawnFromAnInfiniteDeckWithTensFourTimesAsLikely() {
        var env = new BlackjackEnvironment();
        int[] counts = new int[11];
        for (long seed = 0; seed < 13_000; seed++) {
            env.reset(ResetRequest.withSeed(seed));
            env.state().playerCards().forEach(card -> counts[card]++);
        }
        for (int card = 1; card <= 9; card++) {
            assertThat(counts[card]).as("card %d", card).isBetween(1700, 2300);
        }
        assertThat(counts[10]).isBetween(7400, 8600);
    }

    @Test
    void hittingPastTwentyOneLosesAtOnce() {
        var env = dealt(List.of(10, 6), List.of(9, 7), List.of(10));
        Step<Observation> step = env.step(HIT);
        assertThat(step.reward()).isEqualTo(-1.0);
        assertThat(step.done()).isTrue();
        assertThat(step.observation().playerSum()).isEqualTo(26);
        assertThat(step.observation().result()).isEqualTo("loss");
        assertThat(step.observation().dealerCards()).containsExactly(9, 7);
        assertThat(step.observation().truncated()).isFalse();
        assertThatThrownBy(() -> env.step(STICK))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("reset");
    }

    @Test
    void aHitThatStaysUnderTwentyTwoGoesOn() {
        var env = dealt(List.of(10, 6), List.of(10, 7), List.of(5));
        Step<Observation> step = env.step(HIT);
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
        assertThat(step.observation().playerSum()).isEqualTo(21);
        step = env.step(STICK);
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.observation().result()).isEqualTo("win");
    }

    @Test
    void anAceCountsElevenUntilThatWouldBust() {
        var env = dealt(List.of(1, 6), List.of(10, 7), List.of(10));
        assertThat(env.step(HIT).observation()).satisfies(seen -> {
            assertThat(seen.playerSum()).isEqualTo(17);
            assertThat(seen.usableAce()).isFalse();
        });
        Observation soft = new BlackjackEnvironment()
                .reset(new ResetRequest(
                        1L, null, Map.of("initial_state", Map.of("player", List.of(1, 6), "dealer", List.of(10, 7)))))
                .observation();
        assertThat(soft.playerSum()).isEqualTo(17);
        assertThat(soft.usableAce()).isTrue();
    }

    @Test
    void theDealerDrawsBelowSeventeenAndStandsOnSoftSeventeen() {
        var drawing = dealt(List.of(10, 9), List.of(10, 2), List.of(3, 5));
        Step<Observation> step = drawing.step(STICK);
        assertThat(step.observation().dealerCards()).containsExactly(10, 2, 3, 5);
        assertThat(step.reward()).isEqualTo(-1.0);
        var soft = dealt(List.of(10, 8), List.of(1, 6), List.of(10));
        step = soft.step(STICK);
        assertThat(step.observation().dealerCards()).containsExactly(1, 6);
        assertThat(step.reward()).isEqualTo(1.0);
    }

    @Test
    void equalTotalsDrawAndADealerBustWins() {
        assertThat(dealt(List.of(10, 8), List.of(10, 8), List.of()).step(STICK).reward())
                .isZero();
        Step<Observation> bust =
                dealt(List.of(10, 2), List.of(10, 6), List.of(10)).step(STICK);
        assertThat(bust.reward()).isEqualTo(1.0);
        assertThat(bust.observation().result()).isEqualTo("win");
    }

    @Test
    void naturalsPayAsGymnasiumsOptionsSay() {
        List<Integer> natural = List.of(1, 10);
        assertThat(dealt(natural, List.of(10, 7), List.of()).step(STICK).reward())
                .isEqualTo(1.0);
        assertThat(dealt(natural, List.of(10, 7), List.of(), Map.of("natural", true))
                        .step(STICK)
                        .reward())
                .isEqualTo(1.5);
        // The dealer reaches 21 with three cards: a draw by default, a win under Sutton and Barto's rules.
        assertThat(dealt(natural, List.of(10, 6), List.of(5)).step(STICK).reward())
                .isZero();
        assertThat(dealt(natural, List.of(10, 6), List.of(5), Map.of("sab", true))
                        .step(STICK)
                        .reward())
                .isEqualTo(1.0);
        assertThat(dealt(natural, List.of(10, 6), List.of(5), Map.of("sab", true, "natural", true))
                        .step(STICK)
                        .reward())
                .isEqualTo(1.0);
    }

    @Test
    void stackedCardsComeFirstThenTheSeededDeck() {
        var env = dealt(List.of(2, 3), List.of(10, 7), List.of(4, 2));
        env.step(HIT);
        env.step(HIT);
        assertThat(env.state().playerCards()).containsExactly(2, 3, 4, 2);
        assertThat(env.state().stackedCards()).isEmpty();
        env.step(HIT);
        assertThat(env.state().playerCards()).hasSize(5);
    }

    @Test
    void invalidActionIsAClearError() {
        var env = dealt(List.of(10, 6), List.of(10, 7), List.of());
        assertThatThrownBy(() -> env.step(new Action(2)))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("0 (stick) or 1 (hit), got 2");
        assertThat(env.state().stepCount()).isZero();
    }

    @Test
    void stepBeforeResetIsAClearError() {
        assertThatThrownBy(() -> new BlackjackEnvironment().step(STICK))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("call reset");
    }

    @Test
    void malformedResetOptionsAreClearErrors() {
        var env = new BlackjackEnvironment();
        assertThatThrownBy(() -> env.reset(new ResetRequest(
                        null,
                        null,
                        Map.of("initial_state", Map.of("player", List.of(11, 2), "dealer", List.of(10, 7))))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'player' must be a list");
        assertThatThrownBy(() -> env.reset(new ResetRequest(
                        null,
                        null,
                        Map.of("initial_state", Map.of("player", List.of(10, 10, 5), "dealer", List.of(10, 7))))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("already bust");
        assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("initial_state", List.of(10, 7)))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("initial_state");
        assertThatThrownBy(() -> env.reset(new ResetRequest(null, null, Map.of("natural", "yes"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'natural' must be true or false");
    }
}
