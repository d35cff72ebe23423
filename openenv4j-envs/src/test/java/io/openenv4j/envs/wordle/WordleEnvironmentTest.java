package io.openenv4j.envs.wordle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.wordle.WordleEnvironment.Action;
import io.openenv4j.envs.wordle.WordleEnvironment.Observation;
import io.openenv4j.envs.wordle.WordleEnvironment.WordleState;
import io.openenv4j.testkit.EnvironmentContract;
import io.openenv4j.wire.WireJson;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WordleEnvironmentTest extends EnvironmentContract<Action, Observation, WordleState> {

    @Override
    protected EnvSpec<Action, Observation, WordleState> spec() {
        return WordleEnvironment.spec();
    }

    @Override
    protected List<Action> script() {
        return List.of(
                new Action("crane"),
                new Action("cran"),
                new Action("MOIST "),
                new Action("xyzzy"),
                new Action("pluck"));
    }

    @Override
    protected Policy<Action, Observation, WordleState> oracle() {
        return new WordleOracle();
    }

    @Override
    protected double oracleReturn() {
        return 1.0;
    }

    @Override
    protected long seed() {
        return 11;
    }

    private static WordleEnvironment started(String answer, Map<String, Object> more) {
        var env = new WordleEnvironment();
        var options = new java.util.HashMap<String, Object>(more);
        options.put("answer", answer);
        env.reset(new ResetRequest(1L, null, options));
        return env;
    }

    private static WordleEnvironment started(String answer) {
        return started(answer, Map.of());
    }

    @Test
    void resetExplainsTheRulesAndOffersSixGuesses() {
        Step<Observation> step = new WordleEnvironment().reset(ResetRequest.withSeed(3));
        Observation observation = step.observation();
        assertThat(observation.prompt())
                .contains(
                        "five-letter",
                        "G  the letter is in the word and in this position",
                        "Repeated letters",
                        "You have 6 guesses left");
        assertThat(observation.guessesLeft()).isEqualTo(6);
        assertThat(observation.guesses()).isEmpty();
        assertThat(observation.status()).isEqualTo("playing");
        assertThat(observation.answer()).isNull();
        assertThat(observation.error()).isNull();
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
    }

    @Test
    void aGuessIsMarkedOnTheBoardAndExplained() {
        var env = started("abbey");
        Step<Observation> step = env.step(new Action("babes"));
        Observation observation = step.observation();
        assertThat(observation.feedback()).containsExactly("YYGG_");
        assertThat(observation.guesses()).containsExactly("babes");
        assertThat(observation.guessesLeft()).isEqualTo(5);
        assertThat(observation.absentLetters()).isEqualTo("s");
        assertThat(observation.prompt())
                .contains(
                        "1. B A B E S   Y Y G G _",
                        "B (position 1): in the word, but not in position 1",
                        "B (position 3): in the word and in the right place",
                        "S (position 5): not in the word",
                        "Letters not in the word: S",
                        "You have 5 guesses left");
        assertThat(observation.prompt()).doesNotContain("Let's play Wordle");
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
    }

    @Test
    void anExtraCopyOfALetterIsExplainedAsNoFurtherCopies() {
        Observation observation = started("those").step(new Action("geese")).observation();
        assertThat(observation.feedback()).containsExactly("___GG");
        assertThat(observation.prompt()).contains("E (position 2): no further copies");
        assertThat(observation.absentLetters()).isEqualTo("g");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "cran", "cranes", "cr4ne", "two words", "xyzzy", "crane!"})
    void anInvalidGuessIsAnErrorObservationThatUsesNoGuess(String guess) {
        var env = started("crane");
        Step<Observation> step = env.step(new Action(guess));
        assertThat(step.observation().error()).isNotBlank();
        assertThat(step.observation().prompt())
                .contains("Your guess was refused", "It did not use up a guess", "You have 6 guesses left");
        assertThat(step.observation().guessesLeft()).isEqualTo(6);
        assertThat(step.reward()).isZero();
        assertThat(step.done()).isFalse();
        assertThat(env.state().stepCount()).isEqualTo(1);
        assertThat(env.state().invalidGuesses()).isEqualTo(1);
        assertThat(env.step(new Action("moist")).observation().error()).isNull();
    }

    @Test
    void invalidGuessesSayWhy() {
        var env = started("crane");
        assertThat(env.step(new Action(null)).observation().error()).contains("no guess given");
        assertThat(env.step(new Action("cran")).observation().error())
                .isEqualTo("\"cran\" has 4 letters, but a guess must have exactly 5");
        assertThat(env.step(new Action("cr4ne")).observation().error()).contains("only the letters A to Z");
        assertThat(env.step(new Action("xyzzy")).observation().error()).contains("\"xyzzy\" is not in the word list");
        assertThat(env.step(new Action("y".repeat(500))).observation().error()).hasSizeLessThan(200);
    }

    @Test
    void guessesAreReadCaseInsensitivelyAndTrimmed() {
        Step<Observation> step = started("crane").step(new Action("  CrAnE \n"));
        assertThat(step.observation().status()).isEqualTo("won");
        assertThat(step.observation().guesses()).containsExactly("crane");
    }

    @Test
    void solvingPaysOneAndRevealsTheAnswer() {
        var env = started("crane");
        assertThat(env.step(new Action("moist")).reward()).isZero();
        Step<Observation> step = env.step(new Action("crane"));
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.done()).isTrue();
        assertThat(step.observation().status()).isEqualTo("won");
        assertThat(step.observation().answer()).isEqualTo("crane");
        assertThat(step.observation().prompt()).contains("Solved! The word was CRANE, found in 2 guesses.");
        assertThat(env.state().answer()).isEqualTo("crane");
        assertThat(env.state().seed()).isEqualTo(1L);
    }

    @Test
    void sixWrongGuessesLoseWithNoReward() {
        var env = started("crane");
        double total = 0;
        Step<Observation> step = null;
        for (String guess : List.of("moist", "pluck", "dowdy", "fizzy", "jumbo", "bliss")) {
            assertThat(env.state().status()).isEqualTo("playing");
            step = env.step(new Action(guess));
            total += step.reward();
        }
        assertThat(step.done()).isTrue();
        assertThat(step.observation().status()).isEqualTo("lost");
        assertThat(step.observation().guessesLeft()).isZero();
        assertThat(step.observation().prompt()).contains("No guesses left. The word was CRANE.");
        assertThat(total).isZero();
        assertThatThrownBy(() -> env.step(new Action("crane")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("game is over");
    }

    @Test
    void theAnswerNeverAppearsBeforeTheEnd() {
        var env = new WordleEnvironment();
        Step<Observation> step = env.reset(new ResetRequest(5L, null, Map.of("answer", "abbey")));
        var seen = new StringBuilder(WireJson.write(step.observation())).append(WireJson.write(env.state()));
        for (String guess : List.of("crane", "bxxxx", "ebony", "babes", "abbot")) {
            step = env.step(new Action(guess));
            seen.append(WireJson.write(step.observation())).append(WireJson.write(env.state()));
        }
        assertThat(step.done()).isFalse();
        assertThat(seen.toString().toLowerCase(java.util.Locale.ROOT)).doesNotContain("abbey");
        assertThat(env.state().answer()).isNull();
        assertThat(env.state().seed()).isNull();
    }

    @Test
    void observationsDependOnlyOnTheMarksNotOnTheAnswer() {
        var first = new HashSet<String>();
        for (String answer : WordList.standard().answers()) {
            first.add(WireJson.write(new WordleEnvironment()
                    .reset(new ResetRequest(1L, "e", Map.of("answer", answer)))
                    .observation()));
        }
        assertThat(first).hasSize(1);
        // "fizzy" shares no letter with either answer, so both games must look the same afterwards
        assertThat(WireJson.write(started("crane").step(new Action("fizzy")).observation()))
                .isEqualTo(WireJson.write(
                        started("plate").step(new Action("fizzy")).observation()));
    }

    @Test
    void theSeedChoosesTheAnswer() {
        var answers = new HashSet<String>();
        for (long seed = 0; seed < 30; seed++) {
            answers.add(answerOf(seed));
            assertThat(answerOf(seed)).isEqualTo(answerOf(seed));
        }
        assertThat(answers).hasSizeGreaterThan(20);
    }

    private static String answerOf(long seed) {
        var env = new WordleEnvironment();
        env.reset(new ResetRequest(seed, null, Map.of("max_steps", 6)));
        for (int i = 0; i < 6 && !env.state().status().equals("truncated"); i++) {
            env.step(new Action("?"));
        }
        return env.state().answer();
    }

    @Test
    void theStepLimitTruncatesAndRevealsTheAnswer() {
        var env = started("crane", Map.of("max_steps", 6));
        Step<Observation> step = null;
        for (int i = 0; i < 6; i++) {
            step = env.step(new Action("nope"));
        }
        assertThat(step.done()).isTrue();
        assertThat(step.observation().status()).isEqualTo("truncated");
        assertThat(step.observation().answer()).isEqualTo("crane");
        assertThat(step.observation().prompt()).contains("limit of 6 steps");
    }

    @Test
    void shapedRewardsCreditNewGreensAndSumToOneOnSolving() {
        var env = started("crane", Map.of("reward_mode", "shaped"));
        assertThat(env.step(new Action("crate")).reward()).isCloseTo(0.08, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(env.step(new Action("grate")).reward()).isZero();
        assertThat(env.step(new Action("bloke")).reward()).isZero();
        double last = env.step(new Action("crane")).reward();
        assertThat(0.08 + last).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(env.state().rewardMode()).isEqualTo("shaped");
    }

    @Test
    void badResetOptionsAreClearErrors() {
        var env = new WordleEnvironment();
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("answer", "zzzzz"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'answer'");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("answer", 12345))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'answer'");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("reward_mode", "dense"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'reward_mode'");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("max_steps", 3))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("'max_steps'");
        assertThatThrownBy(() -> env.reset(new ResetRequest(1L, null, Map.of("anwser", "crane"))))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("anwser");
    }

    @Test
    void stepBeforeResetIsAnError() {
        assertThatThrownBy(() -> new WordleEnvironment().step(new Action("crane")))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("reset");
    }
}
