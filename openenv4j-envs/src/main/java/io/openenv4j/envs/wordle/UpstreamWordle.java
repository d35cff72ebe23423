package io.openenv4j.envs.wordle;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Execution;
import io.openenv4j.core.Required;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.envs.upstream.Reshaped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code wordle@openenv}: our Wordle in the shapes of the reference repository's {@code textarena_env} playing
 * {@code Wordle-v0} ({@code TextArenaAction}, {@code TextArenaObservation}, {@code TextArenaState}), so its
 * {@code TextArenaEnv} client and the trainers built on it (TRL's Wordle example) play it unchanged.
 *
 * <p>A guess is a {@code message} holding the word in square brackets ({@code "[crane]"}); a message without
 * brackets is taken whole as the guess. {@code messages} is the whole conversation: the rules ({@code PROMPT}),
 * then for every guess the player's message ({@code PLAYER_ACTION}) and the game's answer ({@code
 * GAME_MESSAGE}), which for an accepted guess holds a {@code Feedback:} block of the word's letters over their
 * marks ({@code G} green, {@code Y} yellow, {@code X} grey). Our own observation fields travel in {@code info},
 * our state in the state's {@code raw_state}. Words, seeds and rewards are those of {@code wordle}.
 */
public final class UpstreamWordle
        extends Reshaped<
                WordleEnvironment.Action,
                WordleEnvironment.Observation,
                WordleEnvironment.WordleState,
                UpstreamWordle.TextArenaAction,
                UpstreamWordle.TextArenaObservation,
                UpstreamWordle.TextArenaState> {

    public static final String NAME = WordleEnvironment.NAME + SUFFIX;
    /** TextArena's name of the game. */
    static final String ENV_ID = "Wordle-v0";

    private static final Pattern BRACKETED = Pattern.compile("\\[\\s*([^\\[\\]]*?)\\s*]");
    private static final int GAME = -1;
    private static final int PLAYER = 0;

    @Description("What the player says: the guess in square brackets, e.g. [crane].")
    public record TextArenaAction(
            @Description("The guess in square brackets, e.g. [crane]") @Required
            String message) {}

    @Description("One message of the conversation.")
    public record TextArenaMessage(
            @Description("-1 for the game, 0 for the player")
            int senderId,

            @Description("The text") String content,

            @Description("PROMPT, PLAYER_ACTION or GAME_MESSAGE")
            String category) {}

    @Description("The conversation so far.")
    public record TextArenaObservation(
            @Description("The rules of the game") String prompt,

            @Description("Every message so far, oldest first")
            List<TextArenaMessage> messages,

            @Description("Whose turn it is: always 0, the only player")
            int currentPlayerId,

            @Description("The players: [0]") List<Integer> legalPlayers,

            @Description(
                    "The observation of 'wordle': guesses, feedback, guesses_left, absent_letters, status, answer, error")
            Map<String, Object> info) {}

    @Description("The episode so far.")
    public record TextArenaState(
            String episodeId,
            long stepCount,
            @Description("The TextArena game: Wordle-v0") String envId,
            @Description("Players: 1") int numPlayers,
            @Description("The step limit") Integer maxTurns,
            @Description("Messages the player has sent") int turn,
            @Description("The last step's reward") double lastReward,
            @Description("The last step's info") Map<String, Object> lastInfo,
            @Description("The state of 'wordle'") Map<String, Object> rawState)
            implements State {}

    private String rules = "";
    private final List<TextArenaMessage> messages = new ArrayList<>();
    /** The message of the step under way, recorded once the step has been played. */
    private String pending = "";

    private double lastReward;
    private Map<String, Object> lastInfo = Map.of();

    public UpstreamWordle() {
        super(new WordleEnvironment());
    }

    public static EnvSpec<TextArenaAction, TextArenaObservation, TextArenaState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "Wordle as the reference's textarena_env shapes Wordle-v0"
                                        + " (TextArenaEnv client): guesses as [word] messages, feedback in the messages; the game of 'wordle'."),
                        TextArenaAction.class,
                        TextArenaObservation.class,
                        TextArenaState.class,
                        UpstreamWordle::new)
                .withExecution(Execution.NON_BLOCKING);
    }

    @Override
    protected WordleEnvironment.Action inward(TextArenaAction action) {
        String message = action == null || action.message() == null ? "" : action.message();
        pending = message;
        return new WordleEnvironment.Action(guessIn(message));
    }

    /** The word in the first pair of square brackets, or the whole message when it has none. */
    static String guessIn(String message) {
        var matcher = BRACKETED.matcher(message);
        return matcher.find() ? matcher.group(1) : message.strip();
    }

    @Override
    protected TextArenaObservation outward(Step<WordleEnvironment.Observation> step, boolean reset) {
        var observation = step.observation();
        if (reset) {
            messages.clear();
            rules = observation.prompt();
            messages.add(new TextArenaMessage(GAME, rules, "PROMPT"));
            lastReward = 0.0;
        } else {
            messages.add(new TextArenaMessage(PLAYER, pending, "PLAYER_ACTION"));
            messages.add(new TextArenaMessage(GAME, reply(observation), "GAME_MESSAGE"));
            lastReward = step.reward() == null ? 0.0 : step.reward();
        }
        lastInfo = info(observation);
        return new TextArenaObservation(rules, List.copyOf(messages), PLAYER, List.of(PLAYER), lastInfo);
    }

    /** The game's answer to a guess: why it was refused, or its feedback block, then how the game stands. */
    private static String reply(WordleEnvironment.Observation observation) {
        var text = new StringBuilder();
        if (observation.error() != null) {
            text.append("You attempted an invalid move. Reason: ")
                    .append(observation.error())
                    .append('.');
        } else {
            String guess = observation.guesses().getLast();
            String marks = observation.feedback().getLast().replace('_', 'X');
            text.append("You submitted [")
                    .append(guess)
                    .append("].\nFeedback:\n")
                    .append(spaced(guess.toUpperCase(java.util.Locale.ROOT)))
                    .append('\n')
                    .append(spaced(marks))
                    .append('\n');
        }
        switch (observation.status()) {
            case "won" ->
                text.append("\nCongratulations! You guessed the word [")
                        .append(observation.answer())
                        .append("].");
            case "lost", "truncated" ->
                text.append("\nThe game is over. The word was [")
                        .append(observation.answer())
                        .append("].");
            default -> {
                text.append("\nYou have ").append(observation.guessesLeft()).append(" guesses left.");
                if (!observation.absentLetters().isEmpty()) {
                    text.append(" Letters not in the word: ")
                            .append(observation.absentLetters())
                            .append('.');
                }
            }
        }
        return text.toString();
    }

    private static String spaced(String letters) {
        return String.join(" ", letters.split(""));
    }

    private static Map<String, Object> info(WordleEnvironment.Observation observation) {
        var info = new LinkedHashMap<String, Object>();
        info.put("guesses", observation.guesses());
        info.put("feedback", observation.feedback());
        info.put("guesses_left", observation.guessesLeft());
        info.put("absent_letters", observation.absentLetters());
        info.put("status", observation.status());
        info.put("answer", observation.answer());
        info.put("error", observation.error());
        return info;
    }

    @Override
    protected TextArenaState outwardState(WordleEnvironment.WordleState state) {
        var raw = new LinkedHashMap<String, Object>();
        raw.put("guesses", state.guesses());
        raw.put("feedback", state.feedback());
        raw.put("guesses_left", state.guessesLeft());
        raw.put("invalid_guesses", state.invalidGuesses());
        raw.put("status", state.status());
        raw.put("reward_mode", state.rewardMode());
        raw.put("answer", state.answer());
        raw.put("seed", state.seed());
        return new TextArenaState(
                state.episodeId(),
                state.stepCount(),
                ENV_ID,
                1,
                state.maxSteps() == 0 ? null : state.maxSteps(),
                (int) state.stepCount(),
                lastReward,
                lastInfo,
                raw);
    }
}
