package io.openenv4j.envs.wordle;

/**
 * Wordle's marks for one guess against the answer, with the real duplicate-letter rules: exact matches are
 * marked green first; then, from left to right, a letter is marked yellow only while the answer still has
 * copies of it that no green or earlier yellow has used; every other letter is grey.
 *
 * <p>Marks are written as a string of {@code G} (green), {@code Y} (yellow) and {@code _} (grey), one per
 * letter. Stateless and thread-safe.
 */
final class Feedback {

    static final char GREEN = 'G';
    static final char YELLOW = 'Y';
    static final char GREY = '_';
    static final String SOLVED = "GGGGG";

    private Feedback() {}

    /** The marks for {@code guess} against {@code answer}, two lower-case words of the same length. */
    static String marks(String guess, String answer) {
        int length = guess.length();
        char[] marks = new char[length];
        int[] unused = new int[26];
        for (int i = 0; i < length; i++) {
            if (guess.charAt(i) == answer.charAt(i)) {
                marks[i] = GREEN;
            } else {
                unused[answer.charAt(i) - 'a']++;
            }
        }
        for (int i = 0; i < length; i++) {
            if (marks[i] == GREEN) {
                continue;
            }
            int letter = guess.charAt(i) - 'a';
            if (unused[letter] > 0) {
                unused[letter]--;
                marks[i] = YELLOW;
            } else {
                marks[i] = GREY;
            }
        }
        return new String(marks);
    }

    /**
     * The same marks as a number (base 3, green 2, yellow 1, grey 0), for the solver's partitions; the words
     * are five letters long, so the code is below {@code 243}.
     */
    static int code(char[] guess, char[] answer) {
        int[] unused = new int[26];
        int[] mark = new int[5];
        for (int i = 0; i < 5; i++) {
            if (guess[i] == answer[i]) {
                mark[i] = 2;
            } else {
                unused[answer[i] - 'a']++;
            }
        }
        for (int i = 0; i < 5; i++) {
            if (mark[i] != 2 && unused[guess[i] - 'a'] > 0) {
                unused[guess[i] - 'a']--;
                mark[i] = 1;
            }
        }
        return mark[0] + 3 * mark[1] + 9 * mark[2] + 27 * mark[3] + 81 * mark[4];
    }

    /** {@link #code} of marks written as text. */
    static int code(String marks) {
        int code = 0;
        for (int i = marks.length() - 1; i >= 0; i--) {
            code = code * 3
                    + switch (marks.charAt(i)) {
                        case GREEN -> 2;
                        case YELLOW -> 1;
                        default -> 0;
                    };
        }
        return code;
    }
}
