package io.openenv4j.envs.blackjack;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.envs.upstream.Reshaped;
import java.util.List;
import java.util.Map;

/**
 * {@code blackjack@openenv}: our Blackjack in the shapes of the reference repository's {@code openspiel_env}
 * ({@code OpenSpielAction}, {@code OpenSpielObservation}, {@code OpenSpielState}) serving OpenSpiel's {@code
 * blackjack}, so its {@code OpenSpielEnv} client plays it unchanged. Actions are OpenSpiel's: 0 hit, 1 stand; the
 * action's {@code game_name} and {@code game_params} are accepted and ignored (the client sends {@code "catch"} by
 * default). {@code info_state} is {@code [player_sum, dealer_card, usable_ace]} (not OpenSpiel's tensor). The
 * rules, seeds and rewards are those of {@code blackjack} (Gymnasium's Blackjack-v1).
 */
public final class UpstreamBlackjack
        extends Reshaped<
                BlackjackEnvironment.Action,
                BlackjackEnvironment.Observation,
                BlackjackEnvironment.BlackjackState,
                UpstreamBlackjack.OpenSpielAction,
                UpstreamBlackjack.OpenSpielObservation,
                UpstreamBlackjack.OpenSpielState> {

    public static final String NAME = BlackjackEnvironment.NAME + SUFFIX;
    /** OpenSpiel's blackjack actions. */
    static final int HIT = 0;

    static final int STAND = 1;

    @Description("An OpenSpiel action.")
    public record OpenSpielAction(
            @Description("0 hit, 1 stand") int actionId,

            @Description("Accepted and ignored: the game is blackjack")
            String gameName,

            @Description("Accepted and ignored") Map<String, Object> gameParams) {}

    @Description("The hand as the agent sees it.")
    public record OpenSpielObservation(
            @Description("[player_sum, dealer_card, usable_ace (0 or 1)]")
            List<Double> infoState,

            @Description("[0, 1] while the hand goes on, [] once it is over")
            List<Integer> legalActions,

            @Description("initial at reset, playing, terminal once the hand is over")
            String gamePhase,

            @Description("0, the agent, while it plays; -4 (OpenSpiel's terminal player) once the hand is over")
            int currentPlayerId,

            @Description("Always null: the dealer is not an opponent that acts")
            Integer opponentLastAction) {}

    @Description("The game.")
    public record OpenSpielState(
            String episodeId,
            long stepCount,
            @Description("blackjack") String gameName,
            @Description("0") int agentPlayer,
            @Description("dealer (stands on 17)") String opponentPolicy,
            @Description("{}") Map<String, Object> gameParams,
            @Description("1") int numPlayers)
            implements State {}

    public UpstreamBlackjack() {
        super(new BlackjackEnvironment());
    }

    public static EnvSpec<OpenSpielAction, OpenSpielObservation, OpenSpielState> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        NAME,
                        "Blackjack as the reference's openspiel_env shapes OpenSpiel's"
                                + " blackjack (OpenSpielEnv client): action_id 0 hit, 1 stand; the game of 'blackjack'."),
                OpenSpielAction.class,
                OpenSpielObservation.class,
                OpenSpielState.class,
                UpstreamBlackjack::new);
    }

    @Override
    protected BlackjackEnvironment.Action inward(OpenSpielAction action) {
        return switch (action.actionId()) {
            case HIT -> new BlackjackEnvironment.Action(1);
            case STAND -> new BlackjackEnvironment.Action(0);
            default ->
                throw new EnvironmentException("action_id must be 0 (hit) or 1 (stand), got " + action.actionId());
        };
    }

    @Override
    protected OpenSpielObservation outward(Step<BlackjackEnvironment.Observation> step, boolean reset) {
        var observation = step.observation();
        boolean over = step.done();
        var infoState = List.of(
                (double) observation.playerSum(),
                (double) observation.dealerCard(),
                observation.usableAce() ? 1.0 : 0.0);
        return new OpenSpielObservation(
                infoState,
                over ? List.of() : List.of(HIT, STAND),
                over ? "terminal" : reset ? "initial" : "playing",
                over ? -4 : 0,
                null);
    }

    @Override
    protected OpenSpielState outwardState(BlackjackEnvironment.BlackjackState state) {
        return new OpenSpielState(state.episodeId(), state.stepCount(), "blackjack", 0, "dealer", Map.of(), 1);
    }
}
