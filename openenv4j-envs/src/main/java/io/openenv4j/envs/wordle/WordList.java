package io.openenv4j.envs.wordle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The game's words, read once from the resource files beside this class: {@code answers.txt} (the words an
 * answer is drawn from) and {@code guesses.txt} (further words accepted as guesses). Both lists were written
 * by hand for this project. Immutable and thread-safe.
 *
 * @param answers the possible answers, sorted
 * @param guesses every accepted guess (the answers included), sorted
 */
record WordList(List<String> answers, List<String> guesses) {

    static final int LENGTH = 5;

    WordList {
        answers = List.copyOf(answers);
        guesses = List.copyOf(guesses);
    }

    private static final class Standard {
        static final WordList INSTANCE = load();
    }

    /** The shipped lists. */
    static WordList standard() {
        return Standard.INSTANCE;
    }

    boolean accepts(String word) {
        return Collections.binarySearch(guesses, word) >= 0;
    }

    private static WordList load() {
        Set<String> answers = read("answers.txt");
        Set<String> guesses = new TreeSet<>(read("guesses.txt"));
        guesses.addAll(answers);
        return new WordList(new ArrayList<>(answers), new ArrayList<>(guesses));
    }

    private static Set<String> read(String resource) {
        try (InputStream in = WordList.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("word list " + resource + " is missing from the classpath");
            }
            var words = new TreeSet<String>();
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.strip();
                if (word.isEmpty() || word.startsWith("#")) {
                    continue;
                }
                if (!word.matches("[a-z]{" + LENGTH + "}") || !words.add(word)) {
                    throw new IllegalStateException("word list " + resource + " has a bad or repeated entry: " + word);
                }
            }
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read word list " + resource, e);
        }
    }
}
