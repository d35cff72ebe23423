package io.openenv4j.envs.wordle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedbackTest {

    @ParameterizedTest(name = "answer {0}, guess {1} -> {2}")
    @CsvSource({
        "crane, crane, GGGGG",
        "crane, moist, _____",
        "crane, react, YYGY_",
        // a repeated letter is yellow only as often as the answer has unused copies of it
        "abbey, babes, YYGG_",
        "abbey, keeps, _Y___",
        // greens are marked before yellows, even when the green comes later in the guess
        "those, geese, ___GG",
        "crane, eerie, __Y_G",
        "sassy, asses, YYG_Y",
        "eerie, emcee, G__YG",
        "abbey, bobby, Y_G_G",
        "speed, erase, Y__YY",
    })
    void marksFollowWordlesDuplicateLetterRules(String answer, String guess, String expected) {
        assertThat(Feedback.marks(guess, answer)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"abbey, babes", "those, geese", "crane, react", "sassy, asses", "eerie, emcee", "speed, erase"})
    void numericCodesAgreeWithTheMarks(String answer, String guess) {
        assertThat(Feedback.code(guess.toCharArray(), answer.toCharArray()))
                .isEqualTo(Feedback.code(Feedback.marks(guess, answer)));
    }
}
