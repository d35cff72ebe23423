package io.openenv4j.envs.wordle;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.wordle.WordleEnvironment.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WordleOracleTest {

    private final WordleOracle oracle = new WordleOracle();

    /** Plays the solver against {@code answer} with the game's own marks; returns the guesses it needed. */
    private int solve(String answer) {
        var guesses = new ArrayList<String>();
        var marks = new ArrayList<String>();
        while (guesses.size() < 10) {
            String guess = oracle.next(guesses, marks);
            guesses.add(guess);
            marks.add(Feedback.marks(guess, answer));
            if (guess.equals(answer)) {
                return guesses.size();
            }
        }
        return Integer.MAX_VALUE;
    }

    @Test
    void solvesEveryAnswerInTheListWithinSixGuesses() {
        var histogram = new TreeMap<Integer, Integer>();
        var failures = new ArrayList<String>();
        for (String answer : WordList.standard().answers()) {
            int needed = solve(answer);
            histogram.merge(needed, 1, Integer::sum);
            if (needed > Game.MAX_GUESSES) {
                failures.add(answer);
            }
        }
        System.out.println("wordle oracle: guesses needed -> answers " + histogram);
        assertThat(failures).as("answers the solver misses").isEmpty();
    }

    @Test
    void solvesAFixedAnswerFromOutsideTheAnswerList() {
        assertThat(WordList.standard().answers()).doesNotContain("babes");
        assertThat(solve("babes")).isLessThanOrEqualTo(Game.MAX_GUESSES);
    }

    @Test
    void playsTheEnvironmentFromObservationsOnlyAndWins() {
        for (long seed = 0; seed < 20; seed++) {
            var env = new WordleEnvironment();
            Step<Observation> step = env.reset(new ResetRequest(seed, null, Map.of()));
            double total = 0;
            while (!step.done()) {
                assertThat(env.state().answer()).isNull();
                step = env.step(oracle.act(step, env.state()));
                total += step.reward();
            }
            assertThat(step.observation().status()).isEqualTo("won");
            assertThat(total).isEqualTo(1.0);
        }
    }

    @Test
    void isDeterministic() {
        assertThat(oracle.next(List.of(), List.of())).isEqualTo(new WordleOracle().next(List.of(), List.of()));
    }
}
