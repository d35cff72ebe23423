package io.openenv4j.envs.wordle;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.Execution;
import io.openenv4j.core.Outcome;
import io.openenv4j.core.OutcomeReporting;
import io.openenv4j.core.Required;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.rewards.Matching;
import io.openenv4j.rewards.RewardStream;
import io.openenv4j.rewards.Rubric;
import io.openenv4j.rewards.Rubrics;
import io.openenv4j.rewards.Selector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Wordle for language agents: find a hidden five-letter English word in six guesses, reading the feedback
 * as a prompt. Each valid guess is marked letter by letter ({@code G} green, {@code Y} yellow, {@code _}
 * grey) with the real duplicate-letter rules (see {@link Feedback}).
 *
 * <p>Reward: {@code 1} on the guess that solves the puzzle, {@code 0} otherwise (reset option {@code
 * reward_mode} {@code "binary"}, the default). With {@code "shaped"} each valid guess also earns {@code 0.02}
 * per position it turns green for the first time, and the solving guess earns whatever brings the episode's
 * return to exactly {@code 1}; a failed episode returns at most {@code 0.08}.
 *
 * <p>A guess that is not one five-letter word from the word list is refused: the step returns the unchanged
 * board with {@code error} saying why, reward 0, and uses up no guess (it still counts in {@code step_count}).
 * The episode ends when the word is found, after six valid guesses, or at {@code max_steps} steps (reset
 * option, default 30; the episode is then truncated).
 *
 * <p>Reset: the seed picks the answer from the answer list (no seed: a random one); option {@code answer}
 * fixes it instead (any accepted guess). The answer and the seed appear in observation and state only once
 * the episode is over. A step before the first reset or after the end throws {@link EnvironmentException}.
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class WordleEnvironment
        implements Environment<WordleEnvironment.Action, WordleEnvironment.Observation, WordleEnvironment.WordleState>,
                OutcomeReporting {

    public static final String NAME = "wordle";
    static final int DEFAULT_MAX_STEPS = 30;
    static final int MAX_MAX_STEPS = 1000;
    private static final double GREEN_CREDIT = 0.02;
    /** 1 when the last guess is the answer: the binary reward. */
    private static final Rubric SOLVED = Rubrics.exactMatch(
            "wordle-solved",
            Selector.path("last.action.guess"),
            Selector.path("outcome.final_state.answer"),
            Matching.TRIMMED_IGNORE_CASE);
    /** Solved, else 0.02 per position found green: each step earns the change (see {@link RewardStream}). */
    private static final Rubric SHAPED = Rubrics.max(
            "wordle-shaped",
            List.of(
                    SOLVED,
                    Rubrics.scale(
                            "wordle-green-credit",
                            Rubric.of(
                                    "wordle-green-positions",
                                    t -> ((Number) t.outcome().fact("green_positions")).doubleValue()),
                            GREEN_CREDIT)));

    private static final Set<String> OPTIONS = Set.of("answer", "reward_mode", "max_steps");

    /** One guess. */
    @Description("One Wordle guess.")
    public record Action(
            @Description("A five-letter English word; case and surrounding spaces are ignored." + " Example: crane")
            @Required
            String guess) {}

    /** What the agent sees. */
    @Description("The game as a prompt for a language model, plus the same facts as fields.")
    public record Observation(
            @Description("The text to show a language model: the rules (at reset), the board with its marks,"
                    + " what the last guess's marks mean, letters known absent and guesses left")
            String prompt,

            @Description("The accepted guesses so far, in order, lower case")
            List<String> guesses,

            @Description("The marks of each accepted guess: G green, Y yellow, _ grey; e.g. G_Y__")
            List<String> feedback,

            @Description("Guesses the agent still has") int guessesLeft,

            @Description("Letters guessed so far that the word does not contain, in alphabetical order")
            String absentLetters,

            @Description("playing, won, lost or truncated (step limit reached)")
            String status,

            @Description("The secret word, once the episode is over; null before")
            String answer,

            @Description("Why the last guess was refused (it used up no guess); null when it was played")
            String error) {

        public Observation {
            guesses = List.copyOf(guesses);
            feedback = List.copyOf(feedback);
        }
    }

    /** The game as it stands; the answer and the seed are withheld until the episode is over. */
    @Description("The episode's game state; the answer and the seed are null until the episode is over.")
    public record WordleState(
            String episodeId,
            long stepCount,

            @Description("The accepted guesses so far, lower case")
            List<String> guesses,

            @Description("The marks of each accepted guess") List<String> feedback,
            @Description("Guesses left") int guessesLeft,
            @Description("Refused guesses so far") int invalidGuesses,
            @Description("playing, won, lost or truncated") String status,
            @Description("binary or shaped") String rewardMode,
            @Description("The step limit of the episode") int maxSteps,

            @Description("The secret word once the episode is over, else null")
            String answer,

            @Description("The seed that chose the answer, once the episode is over, else null")
            Long seed)
            implements State {

        public WordleState {
            guesses = List.copyOf(guesses);
            feedback = List.copyOf(feedback);
        }
    }

    private final WordList words = WordList.standard();
    private Game game;
    private final Episode episode = new Episode("game");
    private boolean shaped;
    private int maxSteps;
    private int invalid;
    private RewardStream rewards = RewardStream.of(SOLVED);

    /** How to serve it. */
    public static EnvSpec<Action, Observation, WordleState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "Wordle for language agents: guess a hidden five-letter word in six tries from G/Y/_ letter"
                                        + " feedback written as a prompt; reward 1 for solving."),
                        Action.class,
                        Observation.class,
                        WordleState.class,
                        WordleEnvironment::new)
                .withExecution(Execution.NON_BLOCKING);
    }

    /**
     * The rubric behind the reward of {@code reward_mode} ({@code "binary"} or {@code "shaped"}): it scores a
     * trajectory whose outcome is this environment's {@link #outcome()}; each step's reward is the change in
     * its score.
     */
    public static Rubric rubric(String rewardMode) {
        return switch (rewardMode) {
            case "binary" -> SOLVED;
            case "shaped" -> SHAPED;
            default -> throw new IllegalArgumentException("reward mode must be binary or shaped, got " + rewardMode);
        };
    }

    /** The game with its answer, for rubrics and reward providers; never part of an observation. */
    @Override
    public Optional<Outcome> outcome() {
        if (game == null) {
            return Optional.empty();
        }
        var facts = new LinkedHashMap<String, Object>();
        facts.put("answer", game.answer());
        facts.put("guesses", game.guesses());
        facts.put("feedback", game.marks());
        facts.put("green_positions", game.greenPositions());
        facts.put("invalid_guesses", invalid);
        facts.put("status", game.status().wireName());
        facts.put("reward_mode", shaped ? "shaped" : "binary");
        return Optional.of(Outcome.of(
                NAME + ":" + game.answer(), episode.seed(), game.status().over(), facts));
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        request.requireKnownOptions(NAME, OPTIONS);
        long newSeed = Episode.seedFor(request);
        String answer = answerOption(request, newSeed);
        boolean newShaped =
                switch (String.valueOf(request.option("reward_mode", "binary")).toLowerCase(Locale.ROOT)) {
                    case "binary" -> false;
                    case "shaped" -> true;
                    default ->
                        throw new EnvironmentException("reset option 'reward_mode' must be 'binary' or 'shaped', got '"
                                + request.option("reward_mode", "") + "'");
                };
        long limit = request.longOption("max_steps", DEFAULT_MAX_STEPS);
        if (limit < Game.MAX_GUESSES || limit > MAX_MAX_STEPS) {
            throw new EnvironmentException("reset option 'max_steps' must be within " + Game.MAX_GUESSES + ".."
                    + MAX_MAX_STEPS + ", got " + limit);
        }
        game = new Game(words, answer);
        episode.begin(request, newSeed);
        shaped = newShaped;
        maxSteps = (int) limit;
        invalid = 0;
        rewards = RewardStream.of(shaped ? SHAPED : SOLVED);
        return Step.of(observation(true, null), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        long steps = episode.advance();
        String guess = Game.normalise(action == null ? null : action.guess());
        String error = game.whyInvalid(guess);
        if (error != null) {
            invalid++;
        } else {
            game.play(guess);
        }
        if (steps >= maxSteps) {
            game.truncate();
        }
        if (game.status().over()) {
            episode.end(game.status().wireName());
        }
        var observation = observation(false, error);
        double reward = rewards.next(
                action, observation, game.status().over(), () -> outcome().orElseThrow());
        return Step.of(observation, reward, game.status().over());
    }

    @Override
    public WordleState state() {
        if (game == null) {
            return new WordleState(
                    episode.id(),
                    episode.steps(),
                    List.of(),
                    List.of(),
                    Game.MAX_GUESSES,
                    0,
                    null,
                    null,
                    0,
                    null,
                    null);
        }
        boolean over = game.status().over();
        return new WordleState(
                episode.id(),
                episode.steps(),
                game.guesses(),
                game.marks(),
                game.guessesLeft(),
                invalid,
                game.status().wireName(),
                shaped ? "shaped" : "binary",
                maxSteps,
                over ? game.answer() : null,
                over ? episode.seed() : null);
    }

    private Observation observation(boolean fresh, String error) {
        String absent = game.absentLetters().stream().map(String::valueOf).collect(Collectors.joining());
        return new Observation(
                Prompt.render(game, fresh, error, maxSteps),
                game.guesses(),
                game.marks(),
                game.guessesLeft(),
                absent,
                game.status().wireName(),
                game.status().over() ? game.answer() : null,
                error);
    }

    private String answerOption(ResetRequest request, long newSeed) {
        Object value = request.option("answer", null);
        if (value == null) {
            return words.answers()
                    .get(new Random(newSeed).nextInt(words.answers().size()));
        }
        if (!(value instanceof String text) || !words.accepts(Game.normalise(text))) {
            throw new EnvironmentException(
                    "reset option 'answer' must be a five-letter word from the word list, got '" + value + "'");
        }
        return Game.normalise(text);
    }
}
