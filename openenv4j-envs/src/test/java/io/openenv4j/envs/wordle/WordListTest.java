package io.openenv4j.envs.wordle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordListTest {

    private final WordList words = WordList.standard();

    @Test
    void answersAreAFewHundredFiveLetterWords() {
        assertThat(words.answers())
                .hasSizeGreaterThanOrEqualTo(300)
                .doesNotHaveDuplicates()
                .isSorted()
                .allMatch(word -> word.matches("[a-z]{5}"));
    }

    @Test
    void everyAnswerIsAnAcceptedGuessAndThereAreMoreGuessesThanAnswers() {
        assertThat(words.guesses())
                .containsAll(words.answers())
                .doesNotHaveDuplicates()
                .isSorted()
                .hasSizeGreaterThan(words.answers().size() * 3);
        assertThat(words.answers()).allMatch(words::accepts);
    }

    @Test
    void acceptsOnlyListedWords() {
        assertThat(words.accepts("crane")).isTrue();
        assertThat(words.accepts("babes")).isTrue();
        assertThat(words.accepts("xyzzy")).isFalse();
        assertThat(words.accepts("CRANE")).isFalse();
    }
}
