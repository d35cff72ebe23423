package io.openenv4j.envs.wordle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One Wordle game: the hidden answer, the accepted guesses with their marks, and the outcome. Guesses are
 * checked against the {@link WordList} before they are played. Not thread-safe.
 */
final class Game {

    static final int MAX_GUESSES = 6;
    private static final int QUOTE_LIMIT = 40;

    /** How the game stands. */
    enum Status {
        PLAYING,
        WON,
        LOST,
        TRUNCATED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean over() {
            return this != PLAYING;
        }
    }

    private final WordList words;
    private final String answer;
    private final List<String> guesses = new ArrayList<>();
    private final List<String> marks = new ArrayList<>();
    private Status status = Status.PLAYING;

    Game(WordList words, String answer) {
        this.words = words;
        this.answer = answer;
    }

    /** What a player typed, as the game reads it: surrounding whitespace removed, lower case. */
    static String normalise(String raw) {
        return raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
    }

    /** Why {@code guess} (already {@linkplain #normalise normalised}) cannot be played, or {@code null}. */
    String whyInvalid(String guess) {
        if (guess == null || guess.isEmpty()) {
            return "no guess given: reply with one five-letter English word";
        }
        if (!guess.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            return quote(guess) + " is not a single word of letters: reply with exactly one five-letter word,"
                    + " using only the letters A to Z";
        }
        if (guess.length() != WordList.LENGTH) {
            return quote(guess) + " has " + guess.length() + " letters, but a guess must have exactly "
                    + WordList.LENGTH;
        }
        if (!words.accepts(guess)) {
            return quote(guess) + " is not in the word list; guess a common English five-letter word";
        }
        return null;
    }

    /** Plays a valid guess and returns its marks. */
    String play(String guess) {
        String result = Feedback.marks(guess, answer);
        guesses.add(guess);
        marks.add(result);
        if (result.equals(Feedback.SOLVED)) {
            status = Status.WON;
        } else if (guesses.size() == MAX_GUESSES) {
            status = Status.LOST;
        }
        return result;
    }

    /** Ends an unfinished game because the episode ran out of steps. */
    void truncate() {
        if (!status.over()) {
            status = Status.TRUNCATED;
        }
    }

    Status status() {
        return status;
    }

    String answer() {
        return answer;
    }

    List<String> guesses() {
        return List.copyOf(guesses);
    }

    List<String> marks() {
        return List.copyOf(marks);
    }

    int guessesLeft() {
        return MAX_GUESSES - guesses.size();
    }

    /** How many positions some accepted guess has marked green. */
    int greenPositions() {
        int found = 0;
        for (int i = 0; i < WordList.LENGTH; i++) {
            for (String row : marks) {
                if (row.charAt(i) == Feedback.GREEN) {
                    found++;
                    break;
                }
            }
        }
        return found;
    }

    /** The letters guessed so far that the answer does not contain, in alphabetical order. */
    Set<Character> absentLetters() {
        var absent = new TreeSet<Character>();
        var present = new TreeSet<Character>();
        for (int row = 0; row < guesses.size(); row++) {
            for (int i = 0; i < WordList.LENGTH; i++) {
                char letter = guesses.get(row).charAt(i);
                (marks.get(row).charAt(i) == Feedback.GREY ? absent : present).add(letter);
            }
        }
        absent.removeAll(present);
        return absent;
    }

    private static String quote(String text) {
        return "\"" + (text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "..." : text) + "\"";
    }
}
