package io.openenv4j.envs.chess;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Required;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.envs.upstream.Reshaped;
import java.util.List;

/**
 * {@code chess@openenv}: our chess in the shapes of the reference repository's {@code chess_env}
 * ({@code ChessAction}, {@code ChessObservation}, {@code ChessState}), so its {@code ChessEnv} client plays it
 * unchanged. Result strings are PGN's ({@code 1-0}, {@code 0-1}, {@code 1/2-1/2}); the state's {@code
 * move_history} holds both sides' moves in UCI. Rules, opponents, seeds and rewards are those of {@code chess}.
 */
public final class UpstreamChess
        extends Reshaped<
                ChessEnvironment.Action,
                ChessEnvironment.Observation,
                ChessEnvironment.ChessState,
                UpstreamChess.ChessAction,
                UpstreamChess.ChessObservation,
                UpstreamChess.ChessState> {

    public static final String NAME = ChessEnvironment.NAME + SUFFIX;

    @Description("A chess move in UCI notation.")
    public record ChessAction(
            @Description("UCI move, e.g. e2e4, or e7e8q for a promotion") @Required
            String move) {}

    @Description("The position after the agent's move and the opponent's reply.")
    public record ChessObservation(
            @Description("The position in FEN") String fen,

            @Description("The agent's legal moves in UCI; empty once the game is over")
            List<String> legalMoves,

            @Description("Whether the side to move is in check")
            boolean isCheck,

            @Description("1-0, 0-1 or 1/2-1/2 once the game is over; null while it goes on")
            String result) {}

    @Description("The game so far.")
    public record ChessState(
            String episodeId,
            long stepCount,
            @Description("The current position in FEN") String fen,
            @Description("white or black: whose move it is") String currentPlayer,

            @Description("Every move played by both sides, in UCI")
            List<String> moveHistory)
            implements State {}

    public UpstreamChess() {
        super(new ChessEnvironment());
    }

    public static EnvSpec<ChessAction, ChessObservation, ChessState> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        NAME,
                        "Chess as the reference's chess_env shapes it (ChessEnv client):"
                                + " UCI moves, FEN, is_check and PGN-style results; the game of 'chess'."),
                ChessAction.class,
                ChessObservation.class,
                ChessState.class,
                UpstreamChess::new);
    }

    @Override
    protected ChessEnvironment.Action inward(ChessAction action) {
        return new ChessEnvironment.Action(action == null ? null : action.move());
    }

    @Override
    protected ChessObservation outward(Step<ChessEnvironment.Observation> step, boolean reset) {
        var observation = step.observation();
        return new ChessObservation(
                observation.fen(),
                observation.legalMoves(),
                observation.inCheck(),
                pgnResult(observation.result(), observation.yourColor()));
    }

    @Override
    protected ChessState outwardState(ChessEnvironment.ChessState state) {
        String fen = state.fen() == null ? Position.START_FEN : state.fen();
        return new ChessState(
                state.episodeId(),
                state.stepCount(),
                fen,
                fen.split(" ")[1].equals("w") ? "white" : "black",
                state.moves());
    }

    /** PGN's result for our agent-relative one: the winner's colour, or a draw; null while the game goes on. */
    static String pgnResult(String result, String agentColour) {
        if (result == null) {
            return null;
        }
        return switch (result) {
            case "win" -> agentColour.equals("white") ? "1-0" : "0-1";
            case "loss" -> agentColour.equals("white") ? "0-1" : "1-0";
            default -> "1/2-1/2";
        };
    }
}
