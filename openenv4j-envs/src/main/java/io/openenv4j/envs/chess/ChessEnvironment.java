package io.openenv4j.envs.chess;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.Required;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import java.util.List;
import java.util.Locale;

/**
 * Chess against a built-in opponent. The agent plays one colour and sends moves in UCI notation; after each
 * of its moves the opponent replies at once, so every observation shows the agent to move (or the game
 * over). The reward is 0 on every step except the last: +1 when the agent wins, 0 for a draw, -1 when it
 * loses. Full rules: castling, en passant, promotion, checkmate, stalemate, and automatic draws by
 * threefold repetition, the fifty-move rule and insufficient material.
 *
 * <p>Reset options: {@code color} ({@code "white"} or {@code "black"}, default white), {@code opponent}
 * ({@code "random"}, {@code "greedy"} or {@code "minimax-N"} for N from 1 to 4, default random) and {@code
 * fen} (a start position; default the standard one). When the opponent is to move in the start position it
 * moves before the reset returns. A reset seed makes the episode reproducible; without one the environment
 * draws a seed.
 *
 * <p>An illegal or malformed move is not an error: the step returns the unchanged position with {@code error}
 * saying why and the legal moves listed, reward 0, not done, and it counts in {@code step_count}. A step
 * after the game is over, or before any reset, throws {@link EnvironmentException}.
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class ChessEnvironment
        implements Environment<ChessEnvironment.Action, ChessEnvironment.Observation, ChessEnvironment.ChessState> {

    public static final String NAME = "chess";
    static final String DEFAULT_OPPONENT = "random";

    /** One move. */
    @Description("A chess move in UCI notation.")
    public record Action(
            @Description("From square and to square, plus the promotion piece (q, r, b or n) when a pawn promotes;"
                    + " castling is the king's two-square move. Examples: e2e4, g8f6, e1g1, e7e8q")
            @Required
            String move) {}

    /** What the agent sees. */
    @Description("The position after the agent's move and the opponent's reply.")
    public record Observation(
            @Description("The position in Forsyth-Edwards Notation")
            String fen,

            @Description("The board as text: rank 8 at the top, white pieces upper-case (KQRBNP), black lower-case,"
                    + " empty squares '.'")
            String board,

            @Description("The colour the agent plays: white or black")
            String yourColor,

            @Description("Whose move it is: white or black") String sideToMove,

            @Description("The agent's legal moves in UCI, sorted; empty once the game is over")
            List<String> legalMoves,

            @Description("The opponent's last move in UCI, or null when it has not moved")
            String lastOpponentMove,

            @Description("Whether the side to move is in check")
            boolean inCheck,

            @Description("ongoing, checkmate, stalemate, draw_threefold_repetition, draw_fifty_move_rule or"
                    + " draw_insufficient_material")
            String status,

            @Description("win, loss or draw for the agent once the game is over; null while it goes on")
            String result,

            @Description("Why the last move was rejected (nothing changed); null when it was played")
            String error) {}

    /** The whole game: enough to replay it exactly. */
    @Description("The episode's full game state.")
    public record ChessState(
            String episodeId,
            long stepCount,
            @Description("The current position in FEN") String fen,

            @Description("The position the game started from, in FEN")
            String startFen,

            @Description("Every move played so far by both sides, in UCI, from the start position")
            List<String> moves,

            @Description("The colour the agent plays") String yourColor,

            @Description("The opponent: random, greedy or minimax-N")
            String opponent,

            @Description("The game status, as in the observation")
            String status,

            @Description("win, loss or draw for the agent once the game is over; null while it goes on")
            String result,

            @Description("The seed of the episode's randomness (the opponent's choices)")
            long seed)
            implements State {

        public ChessState {
            moves = List.copyOf(moves);
        }
    }

    private Game game;
    private Opponent opponent;
    private int agentColour;
    private String lastOpponentMove;
    private final Episode episode = new Episode("game");

    /** How to serve it. */
    public static EnvSpec<Action, Observation, ChessState> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        NAME,
                        "Chess against a built-in opponent (random, greedy or minimax); moves in UCI notation, FEN and"
                                + " an ASCII board in the observation; reward +1 win, 0 draw, -1 loss."),
                Action.class,
                Observation.class,
                ChessState.class,
                ChessEnvironment::new);
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        long newSeed = Episode.seedFor(request);
        int colour = switch (stringOption(request, "color", "white").toLowerCase(Locale.ROOT)) {
            case "white" -> Position.WHITE;
            case "black" -> Position.BLACK;
            default ->
                throw new EnvironmentException(
                        "reset option 'color' must be 'white' or 'black', got '" + request.option("color", "") + "'");
        };
        Opponent newOpponent;
        try {
            newOpponent = Opponent.named(stringOption(request, "opponent", DEFAULT_OPPONENT), newSeed);
        } catch (IllegalArgumentException e) {
            throw new EnvironmentException("reset option " + e.getMessage());
        }
        Game newGame;
        try {
            newGame = new Game(stringOption(request, "fen", Position.START_FEN));
        } catch (IllegalArgumentException e) {
            throw new EnvironmentException("reset option 'fen' is not a legal position: " + e.getMessage());
        }
        if (newGame.status().over()) {
            throw new EnvironmentException(
                    "reset option 'fen' is a finished game (" + newGame.status().wireName() + ")");
        }
        game = newGame;
        opponent = newOpponent;
        agentColour = colour;
        episode.begin(request, newSeed);
        lastOpponentMove = null;
        if (game.position().side != agentColour) {
            opponentMoves();
        }
        return outcome(null);
    }

    @Override
    public Step<Observation> step(Action action) {
        episode.advance();
        String move = action == null ? null : action.move();
        String error = game.whyIllegal(move);
        if (error != null) {
            return outcome(error);
        }
        game.play(game.find(Game.normalise(move)));
        if (!game.status().over()) {
            opponentMoves();
        }
        return outcome(null);
    }

    @Override
    public ChessState state() {
        if (game == null) {
            return new ChessState(
                    episode.id(), episode.steps(), null, null, List.of(), null, null, null, null, episode.seed());
        }
        return new ChessState(
                episode.id(),
                episode.steps(),
                game.position().fen(),
                game.startFen(),
                game.moves(),
                Position.colourName(agentColour),
                opponent.name(),
                game.status().wireName(),
                result(),
                episode.seed());
    }

    private void opponentMoves() {
        int reply = opponent.choose(game);
        lastOpponentMove = Move.uci(reply);
        game.play(reply);
    }

    private Step<Observation> outcome(String error) {
        Position position = game.position();
        boolean over = game.status().over();
        if (over) {
            episode.end(game.status().wireName());
        }
        var observation = new Observation(
                position.fen(),
                position.ascii(),
                Position.colourName(agentColour),
                Position.colourName(position.side),
                over ? List.of() : game.legalUci(),
                lastOpponentMove,
                position.inCheck(),
                game.status().wireName(),
                result(),
                error == null ? null : error + ". Legal moves: " + String.join(" ", game.legalUci()));
        return Step.of(observation, reward(result()), over);
    }

    /** +1 for a win, -1 for a loss, 0 for a draw or a game still going. */
    private static double reward(String result) {
        if (result == null) {
            return 0.0;
        }
        return switch (result) {
            case "win" -> 1.0;
            case "loss" -> -1.0;
            default -> 0.0;
        };
    }

    /** win, loss or draw from the agent's side once the game is over, else {@code null}. */
    private String result() {
        return switch (game.status()) {
            case ONGOING -> null;
            case CHECKMATE -> game.position().side == agentColour ? "loss" : "win";
            case STALEMATE, THREEFOLD_REPETITION, FIFTY_MOVE_RULE, INSUFFICIENT_MATERIAL -> "draw";
        };
    }

    private static String stringOption(ResetRequest request, String key, String fallback) {
        Object value = request.option(key, fallback);
        if (value instanceof String text) {
            return text;
        }
        throw new EnvironmentException("reset option '" + key + "' must be a string, got " + value);
    }
}
