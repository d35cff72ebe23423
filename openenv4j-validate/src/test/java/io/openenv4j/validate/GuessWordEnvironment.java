package io.openenv4j.validate;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A small word-guessing game for the validator's own tests, with defects seeded on purpose: each
 * {@link Defect} breaks one property that a named check must catch.
 */
final class GuessWordEnvironment
        implements Environment<GuessWordEnvironment.Guess, GuessWordEnvironment.View, GuessWordEnvironment.GuessState> {

    enum Defect {
        NONE,
        IGNORES_SEED,
        LEAKS_ANSWER,
        REWARDS_NOOP,
        SHARES_STATE,
        KEEPS_COUNT_ACROSS_RESETS,
        /** The third step of an episode reset with seed 7 takes 3 s, the first three times. */
        HANGS_ON_SEED_7,
        /** Every reset keeps 512 KiB reachable (at most 200 times: the test JVM must live on). */
        LEAKS_HEAP,
        /** Every reset starts a thread that never ends (at most 200). */
        LEAKS_THREADS,
        /**
         * Steps of seeds 1007..1099 take 3 ms more per seed: to a caller that plays rising seeds (as the
         * validator's resource cycles do, from seed + 1000) the environment slows down episode after episode.
         */
        SLOWS_DOWN,
        /** Observations carry a measured time ({@code elapsed_ns}), not declared as measured. */
        MEASURES_UNDECLARED,
        /** Observations carry a measured time ({@code elapsed_ns}), declared in {@code /metadata}: sound. */
        MEASURES_DECLARED,
        /** Sound: no randomness at all, every seed plays the same game (as a board game from the empty board). */
        DETERMINISTIC,
        /** Every seed shows the same start, but the answer comes from a generator the seed does not seed. */
        STARTS_ALIKE_IGNORES_SEED
    }

    /** What the leaking defects hold on to; {@link #releaseLeaks()} lets it go. */
    private static final java.util.List<Object> LEAKED =
            java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    static void releaseLeaks() {
        synchronized (LEAKED) {
            LEAKED.forEach(leak -> {
                if (leak instanceof Thread thread) {
                    thread.interrupt();
                }
            });
            LEAKED.clear();
        }
    }

    private long seed;
    private static final java.util.concurrent.atomic.AtomicInteger HANGS =
            new java.util.concurrent.atomic.AtomicInteger();

    record Guess(String word) {}

    record View(String feedback, int puzzle, int guessesLeft, String answer, long elapsedNs) {
        View(String feedback, int puzzle, int guessesLeft, String answer) {
            this(feedback, puzzle, guessesLeft, answer, 0);
        }

        View measured(Defect defect, long startNs) {
            return defect == Defect.MEASURES_UNDECLARED || defect == Defect.MEASURES_DECLARED
                    ? new View(feedback, puzzle, guessesLeft, answer, System.nanoTime() - startNs)
                    : this;
        }
    }

    record GuessState(String episodeId, long stepCount, String answer, int guessesLeft) implements State {}

    private static final List<String> WORDS =
            List.of("apple", "grape", "lemon", "mango", "peach", "melon", "berry", "olive");
    private static final int GUESSES = 4;
    /** Shared by every instance: the SHARES_STATE defect. */
    private static int sharedGuessesUsed;

    private final Defect defect;
    private String episodeId;
    private long steps;
    private String answer;
    private int puzzle;
    private int guessesUsed;

    GuessWordEnvironment(Defect defect) {
        this.defect = defect;
    }

    static EnvSpec<Guess, View, GuessState> spec(Defect defect) {
        var metadata = EnvironmentMetadata.of(
                "guess-word-" + defect.name().toLowerCase(java.util.Locale.ROOT), "Guess a fruit word in four tries.");
        return EnvSpec.of(
                defect == Defect.MEASURES_DECLARED ? metadata.withMeasuredFields("elapsed_ns") : metadata,
                Guess.class,
                View.class,
                GuessState.class,
                () -> new GuessWordEnvironment(defect));
    }

    static Policy<Guess, View, GuessState> oracle() {
        return (last, state) -> new Guess(state.answer());
    }

    @Override
    public Step<View> reset(ResetRequest request) {
        long start = System.nanoTime();
        Step<View> step = doReset(request);
        return Step.of(step.observation().measured(defect, start), step.reward(), step.done());
    }

    @Override
    public Step<View> step(Guess action) {
        long start = System.nanoTime();
        Step<View> step = doStep(action);
        return Step.of(step.observation().measured(defect, start), step.reward(), step.done());
    }

    private Step<View> doReset(ResetRequest request) {
        Random random = defect == Defect.IGNORES_SEED || defect == Defect.STARTS_ALIKE_IGNORES_SEED
                ? new Random()
                : new Random(
                        defect == Defect.DETERMINISTIC
                                ? 0
                                : request.seedIfPresent().orElse(0) * 0x9E3779B97F4A7C15L);
        answer = WORDS.get(random.nextInt(WORDS.size()));
        seed = request.seedIfPresent().orElse(-1);
        if (defect == Defect.LEAKS_HEAP && LEAKED.size() < 200) {
            LEAKED.add(new byte[512 * 1024]);
        }
        if (defect == Defect.LEAKS_THREADS && LEAKED.size() < 200) {
            Thread thread = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // released by the test
                }
            });
            LEAKED.add(thread);
        }
        puzzle = defect == Defect.STARTS_ALIKE_IGNORES_SEED ? 0 : random.nextInt(1_000_000);
        episodeId =
                request.episodeIdIfPresent().orElseGet(() -> UUID.randomUUID().toString());
        steps = 0;
        if (defect != Defect.KEEPS_COUNT_ACROSS_RESETS) {
            guessesUsed = 0;
        }
        sharedGuessesUsed = 0;
        String feedback = "Guess the fruit." + (defect == Defect.LEAKS_ANSWER ? " (psst: it is " + answer + ")" : "");
        return Step.of(new View(feedback, puzzle, GUESSES - guessesUsed, null), 0.0, false);
    }

    private Step<View> doStep(Guess action) {
        steps++;
        if (defect == Defect.HANGS_ON_SEED_7 && seed == 7 && steps == 3 && HANGS.getAndIncrement() < 3) {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (defect == Defect.SLOWS_DOWN && seed >= 1007 && seed < 1100) {
            try {
                Thread.sleep(3 * (seed - 1007));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int used = defect == Defect.SHARES_STATE ? ++sharedGuessesUsed : ++guessesUsed;
        String word = action.word();
        if (defect == Defect.REWARDS_NOOP && (word == null || word.isBlank())) {
            return Step.of(new View("An empty guess wins!", puzzle, GUESSES - used, answer), 1.0, true);
        }
        if (answer.equals(word)) {
            return Step.of(new View("Right!", puzzle, GUESSES - used, answer), 1.0, true);
        }
        boolean over = used >= GUESSES;
        String hint = word == null
                ? "Say a word."
                : word.compareTo(answer) < 0 ? "Later in the alphabet." : "Earlier in the alphabet.";
        return Step.of(new View(hint, puzzle, GUESSES - used, over ? answer : null), 0.0, over);
    }

    @Override
    public GuessState state() {
        return new GuessState(
                episodeId, steps, answer, GUESSES - (defect == Defect.SHARES_STATE ? sharedGuessesUsed : guessesUsed));
    }
}
