package io.openenv4j.envs.gridworld;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Required;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.envs.upstream.Reshaped;
import java.util.Locale;

/**
 * {@code gridworld@openenv}: our grid world in the shapes of the reference repository's {@code grid_world_env}
 * ({@code GridWorldAction}, {@code GridWorldObservation}), so its {@code GridWorldEnv} client (which builds the
 * observation from every key it receives) walks it unchanged. Actions are {@code UP}, {@code DOWN}, {@code LEFT}
 * and {@code RIGHT}; as in the reference, {@code x} is the row (UP lowers it) and {@code y} the column; {@code
 * message} says how the episode stands and draws the grid as {@code gridworld} does. Grids, seeds and rewards are
 * those of {@code gridworld}.
 */
public final class UpstreamGridWorld
        extends Reshaped<
                GridWorldEnvironment.Action,
                GridWorldEnvironment.Observation,
                GridWorldEnvironment.GridState,
                UpstreamGridWorld.GridWorldAction,
                UpstreamGridWorld.GridWorldObservation,
                UpstreamGridWorld.GridWorldState> {

    public static final String NAME = GridWorldEnvironment.NAME + SUFFIX;

    /** The reference's moves. */
    public enum MoveAction {
        UP,
        DOWN,
        LEFT,
        RIGHT
    }

    @Description("A move.")
    public record GridWorldAction(
            @Description("The direction to move the agent") @Required
            MoveAction action) {}

    @Description("Where the agent is.")
    public record GridWorldObservation(
            @Description("The agent's row") int x,
            @Description("The agent's column") int y,

            @Description("How the episode stands, then the grid: '.' floor, '#' wall, 'X' pit, 'G' goal, 'A' agent,"
                    + " '?' out of view")
            String message) {}

    @Description("The episode.")
    public record GridWorldState(String episodeId, long stepCount) implements State {}

    public UpstreamGridWorld() {
        super(new GridWorldEnvironment());
    }

    public static EnvSpec<GridWorldAction, GridWorldObservation, GridWorldState> spec() {
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        NAME,
                        "A grid world as the reference's grid_world_env shapes it"
                                + " (GridWorldEnv client): UP, DOWN, LEFT, RIGHT; x row, y column; the grids of 'gridworld'."),
                GridWorldAction.class,
                GridWorldObservation.class,
                GridWorldState.class,
                UpstreamGridWorld::new);
    }

    @Override
    protected GridWorldEnvironment.Action inward(GridWorldAction action) {
        return new GridWorldEnvironment.Action(
                action.action() == null ? null : action.action().name().toLowerCase(Locale.ROOT));
    }

    @Override
    protected GridWorldObservation outward(Step<GridWorldEnvironment.Observation> step, boolean reset) {
        var observation = step.observation();
        String how = switch (observation.status()) {
            case "reached_goal" -> "You found the goal!";
            case "fell_in_pit" -> "You fell into a pit.";
            case "out_of_steps" -> "Out of steps.";
            default ->
                reset ? "Find the goal G." : observation.blocked() ? "Blocked: you stayed put." : "Keep going...";
        };
        return new GridWorldObservation(
                observation.position().row(), observation.position().col(), how + "\n" + observation.text());
    }

    @Override
    protected GridWorldState outwardState(GridWorldEnvironment.GridState state) {
        return new GridWorldState(state.episodeId(), state.stepCount());
    }
}
