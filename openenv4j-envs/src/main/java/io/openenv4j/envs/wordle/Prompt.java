package io.openenv4j.envs.wordle;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The text a language model reads: the rules at the start of an episode, then after every step the board,
 * what the last guess's marks mean letter by letter, the letters known to be absent and the guesses left.
 * It is written from what the player has already seen, so it never reveals the answer before the game ends.
 */
final class Prompt {

    static final String LEGEND = "G = right letter in the right place, Y = in the word but in another place,"
            + " _ = not in the word (or no more copies of it)";

    private Prompt() {}

    static String rules() {
        return """
                Let's play Wordle. I have picked a secret five-letter English word; find it in at most %d guesses.
                Each turn, reply with one five-letter English word as your guess (just the word).
                After each guess I mark every letter:
                  G  the letter is in the word and in this position (green)
                  Y  the letter is in the word but in another position (yellow)
                  _  the letter is not in the word (grey)
                Repeated letters: greens are marked first, and a repeated letter is marked Y only as many times
                as the word still has copies of it; extra copies are marked _.
                Guesses that are not five letters or not in my word list are refused and do not use up a guess.
                """.formatted(Game.MAX_GUESSES);
    }

    /**
     * The prompt after a reset ({@code fresh}) or a step; {@code error} says why the step's guess was refused,
     * or is {@code null} when it was played.
     */
    static String render(Game game, boolean fresh, String error, int maxSteps) {
        var text = new StringBuilder();
        if (fresh) {
            text.append(rules()).append('\n');
        }
        if (error != null) {
            text.append("Your guess was refused: ").append(error).append(". It did not use up a guess.\n\n");
        }
        var guesses = game.guesses();
        var marks = game.marks();
        if (!guesses.isEmpty()) {
            text.append("Board (").append(LEGEND).append("):\n");
            for (int row = 0; row < guesses.size(); row++) {
                text.append(String.format(
                        Locale.ROOT,
                        "%d. %s   %s%n",
                        row + 1,
                        spaced(guesses.get(row).toUpperCase(Locale.ROOT)),
                        spaced(marks.get(row))));
            }
            if (error == null) {
                text.append('\n').append(explain(guesses.getLast(), marks.getLast()));
            }
            var absent = game.absentLetters();
            if (!absent.isEmpty()) {
                text.append("Letters not in the word: ")
                        .append(absent.stream()
                                .map(c -> String.valueOf(Character.toUpperCase(c)))
                                .collect(Collectors.joining(" ")))
                        .append('\n');
            }
            text.append('\n');
        }
        text.append(ending(game, maxSteps));
        return text.toString();
    }

    private static String ending(Game game, int maxSteps) {
        String answer = game.answer().toUpperCase(Locale.ROOT);
        return switch (game.status()) {
            case PLAYING ->
                "You have " + game.guessesLeft() + (game.guessesLeft() == 1 ? " guess" : " guesses")
                        + " left. Reply with your " + (game.guesses().isEmpty() ? "first" : "next") + " guess.";
            case WON ->
                "Solved! The word was " + answer + ", found in "
                        + game.guesses().size() + (game.guesses().size() == 1 ? " guess." : " guesses.");
            case LOST -> "No guesses left. The word was " + answer + ".";
            case TRUNCATED ->
                "The game is over: the episode reached its limit of " + maxSteps + " steps. The word was " + answer
                        + ".";
        };
    }

    /** What each mark of the latest guess means, one line per letter. */
    static String explain(String guess, String marks) {
        var text = new StringBuilder("Your guess ")
                .append(guess.toUpperCase(Locale.ROOT))
                .append(":\n");
        for (int i = 0; i < guess.length(); i++) {
            char letter = Character.toUpperCase(guess.charAt(i));
            int position = i + 1;
            text.append("  ")
                    .append(letter)
                    .append(" (position ")
                    .append(position)
                    .append("): ");
            text.append(
                            switch (marks.charAt(i)) {
                                case Feedback.GREEN -> "in the word and in the right place";
                                case Feedback.YELLOW -> "in the word, but not in position " + position;
                                default ->
                                    markedElsewhere(guess, marks, guess.charAt(i))
                                            ? "no further copies: the word has no more " + letter
                                                    + "s than marked elsewhere in this guess"
                                            : "not in the word";
                            })
                    .append('\n');
        }
        return text.toString();
    }

    private static boolean markedElsewhere(String guess, String marks, char letter) {
        for (int i = 0; i < guess.length(); i++) {
            if (guess.charAt(i) == letter && marks.charAt(i) != Feedback.GREY) {
                return true;
            }
        }
        return false;
    }

    private static String spaced(String text) {
        return text.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining(" "));
    }
}
