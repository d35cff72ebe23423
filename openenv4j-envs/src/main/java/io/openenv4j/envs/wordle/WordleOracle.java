package io.openenv4j.envs.wordle;

import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;
import io.openenv4j.envs.wordle.WordleEnvironment.Action;
import io.openenv4j.envs.wordle.WordleEnvironment.Observation;
import io.openenv4j.envs.wordle.WordleEnvironment.WordleState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Wordle solver that plays from the observations alone (it never looks at the answer): it keeps the
 * answers consistent with every mark seen so far and guesses the accepted word that splits them into the
 * smallest expected remainder (the sum of squared partition sizes), preferring a possible answer on ties.
 * It solves every word of the answer list within six guesses, so from any seed its return is {@code 1}.
 *
 * <p>It holds no memory between calls, so one instance may serve any number of episodes. Thread-safe.
 */
public final class WordleOracle implements Policy<Action, Observation, WordleState> {

    private final WordList words;

    public WordleOracle() {
        this(WordList.standard());
    }

    WordleOracle(WordList words) {
        this.words = words;
    }

    private static final class Opening {
        static final String WORD =
                new WordleOracle().best(WordleOracle.chars(WordList.standard().answers()));
    }

    @Override
    public Action act(Step<Observation> last, WordleState state) {
        return new Action(next(last.observation().guesses(), last.observation().feedback()));
    }

    /** The guess to play after {@code guesses} were marked {@code marks}. */
    String next(List<String> guesses, List<String> marks) {
        if (guesses.isEmpty() && words == WordList.standard()) {
            return Opening.WORD;
        }
        List<char[]> candidates = consistent(words.answers(), guesses, marks);
        if (candidates.isEmpty()) {
            // the answer was fixed by a reset option to a word outside the answer list
            candidates = consistent(words.guesses(), guesses, marks);
        }
        return best(candidates);
    }

    private static List<char[]> consistent(List<String> pool, List<String> guesses, List<String> marks) {
        var codes = new int[guesses.size()];
        var guessed = new char[guesses.size()][];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = Feedback.code(marks.get(i));
            guessed[i] = guesses.get(i).toCharArray();
        }
        var out = new ArrayList<char[]>();
        for (String word : pool) {
            char[] candidate = word.toCharArray();
            boolean fits = true;
            for (int i = 0; i < codes.length && fits; i++) {
                fits = Feedback.code(guessed[i], candidate) == codes[i];
            }
            if (fits) {
                out.add(candidate);
            }
        }
        return out;
    }

    private String best(List<char[]> candidates) {
        if (candidates.size() <= 2) {
            return new String(candidates.getFirst());
        }
        String best = null;
        long bestScore = Long.MAX_VALUE;
        int[] sizes = new int[243];
        for (String word : words.guesses()) {
            char[] guess = word.toCharArray();
            Arrays.fill(sizes, 0);
            boolean possible = false;
            for (char[] candidate : candidates) {
                int code = Feedback.code(guess, candidate);
                sizes[code]++;
                possible |= code == 242;
            }
            long score = 0;
            for (int size : sizes) {
                score += (long) size * size;
            }
            // a guess that may be the answer is worth a little more: it can end the game at once
            score = score * 2 - (possible ? 1 : 0);
            if (score < bestScore) {
                bestScore = score;
                best = word;
            }
        }
        return best;
    }

    private static List<char[]> chars(List<String> words) {
        return words.stream().map(String::toCharArray).toList();
    }
}
