package io.openenv4j.envs.connectfour;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.Outcome;
import io.openenv4j.core.OutcomeReporting;
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
import java.util.SplittableRandom;

/**
 * Connect Four (7 columns, 6 rows) against a built-in opponent. The agent drops a disc by naming a column
 * (0 to 6, left to right); the opponent replies at once, so every observation shows the agent to move (or
 * the game over). The reward is 0 on every step except the last: +1 when the agent gets four in a row, -1
 * when the opponent does, 0 when the board fills up.
 *
 * <p>Reset options: {@code opponent} ({@code "random"} or {@code "minimax"}, default random), {@code depth}
 * (the minimax search depth in plies, 1 to 8, default 4) and {@code first} ({@code "agent"} or {@code
 * "opponent"}, default agent; the first player's discs are X). A reset seed makes the episode reproducible;
 * without one the environment draws a seed.
 *
 * <p>A full column or a column out of range is not an error: the step returns the unchanged board with
 * {@code error} saying why, reward 0, not done, and it counts in {@code step_count}. A step after the game
 * is over, or before any reset, throws {@link EnvironmentException}.
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class ConnectFourEnvironment
        implements Environment<
                        ConnectFourEnvironment.Action,
                        ConnectFourEnvironment.Observation,
                        ConnectFourEnvironment.ConnectFourState>,
                OutcomeReporting {

    public static final String NAME = "connect-four";
    static final int DEFAULT_DEPTH = 4;

    private static final Selector RESULT = Selector.path("outcome.final_state.result");
    /**
     * The reward rubric: once the game is over (the gate), +1 for a win and -1 for a loss; before that 0.
     * Each step earns the change in its score, so only the last step pays.
     */
    public static final Rubric RUBRIC = Rubrics.gate(
            "connect-four",
            Rubric.of("game-over", t -> t.outcome() != null && t.outcome().done() ? 1 : 0),
            1,
            Rubrics.weightedSum(
                    "connect-four-result",
                    List.of(
                            Rubrics.exactMatch("win", RESULT, Selector.constant("win"), Matching.EXACT),
                            Rubrics.exactMatch("loss", RESULT, Selector.constant("loss"), Matching.EXACT)),
                    List.of(1.0, -1.0)));

    /** One move. */
    @Description("Drop a disc into a column.")
    public record Action(
            @Description("The column, 0 (left) to 6 (right)")
            int column) {}

    /** What the agent sees. */
    @Description("The board after the agent's move and the opponent's reply.")
    public record Observation(
            @Description("The board as text, column numbers on top, X for the first player, O for the second,"
                    + " '.' for empty")
            String board,

            @Description("The agent's discs: X (moves first) or O")
            String yourDisc,

            @Description("The columns that still have room, for the agent's next move; empty once the game is over")
            List<Integer> legalColumns,

            @Description("The column the opponent played last, or null when it has not moved")
            Integer lastOpponentColumn,

            @Description("win, loss or draw for the agent once the game is over; null while it goes on")
            String result,

            @Description("Why the last move was rejected (nothing changed); null when it was played")
            String error) {}

    /** The whole game: enough to replay it exactly. */
    @Description("The episode's full game state.")
    public record ConnectFourState(
            String episodeId,
            long stepCount,

            @Description("Every column played so far by both sides, in order; the first is X's")
            List<Integer> columns,

            @Description("The board's rows, top to bottom, seven characters each (X, O or .)")
            List<String> rows,

            @Description("The agent's discs: X or O") String yourDisc,
            @Description("The opponent: random or minimax") String opponent,

            @Description("The minimax opponent's search depth in plies")
            int depth,

            @Description("Who moved first: agent or opponent")
            String first,

            @Description("win, loss or draw for the agent once the game is over; null while it goes on")
            String result,

            @Description("The seed of the episode's randomness (the opponent's choices)")
            long seed)
            implements State {

        public ConnectFourState {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    private Board board;
    private Opponent opponent;
    private int depth = DEFAULT_DEPTH;
    private int agent;
    private Integer lastOpponentColumn;
    private final Episode episode = new Episode("game");
    private RewardStream rewards = RewardStream.of(RUBRIC);

    /** How to serve it. */
    public static EnvSpec<Action, Observation, ConnectFourState> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        NAME,
                        "Connect Four (7x6) against a built-in opponent (random or minimax); action {\"column\": 0..6},"
                                + " an ASCII board in the observation; reward +1 win, 0 draw, -1 loss."),
                Action.class,
                Observation.class,
                ConnectFourState.class,
                ConnectFourEnvironment::new);
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        long newSeed = Episode.seedFor(request);
        long newDepth = request.longOption("depth", DEFAULT_DEPTH);
        if (newDepth < 1 || newDepth > Opponent.MAX_DEPTH) {
            throw new EnvironmentException(
                    "reset option 'depth' must be from 1 to " + Opponent.MAX_DEPTH + ", got " + newDepth);
        }
        var random = new SplittableRandom(newSeed);
        Opponent newOpponent = switch (stringOption(request, "opponent", "random")) {
            case "random" -> new Opponent.RandomMover(random);
            case "minimax" -> new Opponent.Minimax((int) newDepth, random);
            default ->
                throw new EnvironmentException("reset option 'opponent' must be 'random' or 'minimax', got '"
                        + request.option("opponent", "") + "'");
        };
        int newAgent = switch (stringOption(request, "first", "agent")) {
            case "agent" -> 0;
            case "opponent" -> 1;
            default ->
                throw new EnvironmentException("reset option 'first' must be 'agent' or 'opponent', got '"
                        + request.option("first", "") + "'");
        };
        board = new Board();
        opponent = newOpponent;
        depth = (int) newDepth;
        agent = newAgent;
        episode.begin(request, newSeed);
        lastOpponentColumn = null;
        rewards = RewardStream.of(RUBRIC);
        if (agent == 1) {
            opponentMoves();
        }
        return outcome(null, null);
    }

    @Override
    public Step<Observation> step(Action action) {
        episode.advance();
        int column = action.column();
        if (column < 0 || column >= Board.COLUMNS) {
            return outcome(action, "column " + column + " does not exist: columns are 0 to " + (Board.COLUMNS - 1));
        }
        if (!board.canPlay(column)) {
            return outcome(action, "column " + column + " is full");
        }
        board.play(column);
        if (result() == null) {
            opponentMoves();
        }
        return outcome(action, null);
    }

    @Override
    public ConnectFourState state() {
        var current = board == null ? new Board() : board;
        return new ConnectFourState(
                episode.id(),
                episode.steps(),
                current.history(),
                current.rows(),
                String.valueOf(Board.disc(agent)),
                opponent == null ? null : opponent.name(),
                depth,
                agent == 0 ? "agent" : "opponent",
                board == null ? null : result(),
                episode.seed());
    }

    private void opponentMoves() {
        lastOpponentColumn = opponent.choose(board);
        board.play(lastOpponentColumn);
    }

    /** The game for rubrics and reward providers (the agent sees the same board in its observation). */
    @Override
    public Optional<Outcome> outcome() {
        if (board == null) {
            return Optional.empty();
        }
        var state = state();
        var facts = new LinkedHashMap<String, Object>();
        facts.put("result", state.result());
        facts.put("columns", state.columns());
        facts.put("rows", state.rows());
        facts.put("your_disc", state.yourDisc());
        facts.put("opponent", state.opponent());
        facts.put("depth", state.depth());
        facts.put("first", state.first());
        return Optional.of(Outcome.of(null, episode.seed(), state.result() != null, facts));
    }

    /** The step after the agent's {@code action} ({@code null} at reset, which earns 0). */
    private Step<Observation> outcome(Action action, String error) {
        String result = result();
        if (result != null) {
            episode.end(result);
        }
        var observation = new Observation(
                board.ascii(),
                String.valueOf(Board.disc(agent)),
                result == null ? board.legalColumns() : List.of(),
                lastOpponentColumn,
                result,
                error == null ? null : error + ". Legal columns: " + board.legalColumns());
        double reward = action == null
                ? 0.0
                : rewards.next(
                        action, observation, result != null, () -> outcome().orElseThrow());
        return Step.of(observation, reward, result != null);
    }

    /** win, loss or draw from the agent's side once the game is over, else {@code null}. */
    private String result() {
        if (board.won(agent)) {
            return "win";
        }
        if (board.won(agent ^ 1)) {
            return "loss";
        }
        return board.full() ? "draw" : null;
    }

    private static String stringOption(ResetRequest request, String key, String fallback) {
        Object value = request.option(key, fallback);
        if (value instanceof String text) {
            return text.trim().toLowerCase(Locale.ROOT);
        }
        throw new EnvironmentException("reset option '" + key + "' must be a string, got " + value);
    }
}
