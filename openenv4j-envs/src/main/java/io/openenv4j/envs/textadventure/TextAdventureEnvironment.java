package io.openenv4j.envs.textadventure;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.Execution;
import io.openenv4j.core.Required;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small text adventure for language agents: six rooms of an old house, a few items, a locked oak door and
 * a golden idol to carry out to the garden. The agent types commands ({@code "go north"}, {@code "n"},
 * {@code "take key"}, {@code "use key on door"}, {@code "inventory"}, ...); each observation is prose plus
 * the same facts as fields. A command the parser cannot read is answered in the world ("I don't
 * understand ...") and costs a move, never an error.
 *
 * <p>Reward: the points a step earns divided by 100 — 0.1 for first taking the key, 0.1 for unlocking the
 * door, 0.1 for first taking the idol and 0.7 for bringing it to the garden, which ends the episode; a full
 * game returns 1.0. The episode is truncated after {@code max_steps} moves (reset option, default 50).
 *
 * <p>Reset: the seed decides which room hides the key and where the other items lie (no seed: a random one).
 * A step before the first reset or after the end throws {@link EnvironmentException}.
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class TextAdventureEnvironment
        implements Environment<
                TextAdventureEnvironment.Action,
                TextAdventureEnvironment.Observation,
                TextAdventureEnvironment.AdventureState> {

    public static final String NAME = "text-adventure";
    static final int DEFAULT_MAX_STEPS = 50;
    static final int MIN_MAX_STEPS = 1;
    static final int MAX_MAX_STEPS = 10_000;
    static final String INTRO = """
            THE OLD HOUSE
            A golden idol is said to lie in the study of this old house, behind a locked oak door. Get into the \
            study, take the idol and carry it back out to the garden.
            Type one command per turn, such as: look, go north (or n), take key, drop key, open door, \
            use key on door, read book, inventory, help.

            """;

    /** One command, as a player would type it. */
    @Description("One command for the adventure, in plain English.")
    public record Action(
            @Description("A command such as \"go north\", \"n\", \"take key\", \"open door\","
                    + " \"use key on door\", \"inventory\" or \"look\"")
            @Required
            String command) {}

    /** What the agent sees. */
    @Description("The reply to the last command as prose, plus the same facts as fields.")
    public record Observation(
            @Description("The text to show a language model: the reply to the command (at reset, the story so far"
                    + " and the first room), then the score and moves")
            String prompt,

            @Description("Where the player is: garden, shed, hall, kitchen, library or study")
            String room,

            @Description("The directions with a way out of the room (a closed door still counts)")
            List<String> exits,

            @Description("The items lying in the room") List<String> itemsHere,

            @Description("The items carried, in the order they were taken")
            List<String> inventory,

            @Description("Points so far") int score,
            @Description("Points of a complete game") int maxScore,
            @Description("Moves made (every step counts)") long moves,

            @Description("Moves allowed before the episode is truncated")
            int maxMoves,

            @Description("playing, won or truncated") String status) {

        public Observation {
            exits = List.copyOf(exits);
            itemsHere = List.copyOf(itemsHere);
            inventory = List.copyOf(inventory);
        }
    }

    /** The whole game. */
    @Description("The episode's full game state.")
    public record AdventureState(
            String episodeId,
            long stepCount,
            @Description("Where the player is") String room,

            @Description("Ids of the items carried, in the order they were taken")
            List<String> inventory,

            @Description("Where each item not carried lies: item id to room")
            Map<String, String> itemLocations,

            @Description("The oak door: locked, closed or open")
            String door,

            @Description("Points so far") int score,

            @Description("Milestones reached: key_taken, door_unlocked, idol_taken, idol_rescued")
            List<String> milestones,

            @Description("Moves allowed before the episode is truncated")
            int maxSteps,

            @Description("playing, won or truncated") String status,
            @Description("The seed of the episode's layout") long seed)
            implements State {

        public AdventureState {
            inventory = List.copyOf(inventory);
            itemLocations = Collections.unmodifiableMap(new TreeMap<>(itemLocations));
            milestones = List.copyOf(milestones);
        }
    }

    private World world;
    private final Episode episode = new Episode("game");
    private int maxSteps;
    private String status;

    /** How to serve it. */
    public static EnvSpec<Action, Observation, AdventureState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "A small text adventure: explore an old house, unlock the study and carry the golden idol out"
                                        + " to the garden, by typed commands; reward 1.0 for a complete game."),
                        Action.class,
                        Observation.class,
                        AdventureState.class,
                        TextAdventureEnvironment::new)
                .withExecution(Execution.NON_BLOCKING);
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        request.requireKnownOptions(NAME, Set.of("max_steps"));
        long limit = request.longOption("max_steps", DEFAULT_MAX_STEPS);
        if (limit < MIN_MAX_STEPS || limit > MAX_MAX_STEPS) {
            throw new EnvironmentException("reset option 'max_steps' must be within " + MIN_MAX_STEPS + ".."
                    + MAX_MAX_STEPS + ", got " + limit);
        }
        episode.begin(request);
        world = new World(episode.seed());
        maxSteps = (int) limit;
        status = "playing";
        return Step.of(observation(INTRO + world.describe()), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        long moves = episode.advance();
        World.Outcome outcome = world.apply(Parser.parse(action == null ? null : action.command()));
        String text = outcome.text();
        if (world.won()) {
            status = "won";
        } else if (moves >= maxSteps) {
            status = "truncated";
            text += "\n\nYou have used all " + maxSteps + " moves. The game is over.";
        }
        if (!status.equals("playing")) {
            episode.end(status);
        }
        return Step.of(observation(text), outcome.points() / (double) World.MAX_SCORE, episode.over());
    }

    @Override
    public AdventureState state() {
        if (world == null) {
            return new AdventureState(
                    episode.id(), episode.steps(), null, List.of(), Map.of(), null, 0, List.of(), 0, null, 0);
        }
        var locations = new TreeMap<String, String>();
        world.lying().forEach((item, room) -> locations.put(item.wireName(), room.wireName()));
        return new AdventureState(
                episode.id(),
                episode.steps(),
                world.room().wireName(),
                world.carried().stream().map(Item::wireName).toList(),
                locations,
                world.door().wireName(),
                world.score(),
                world.milestones().stream().map(World.Milestone::wireName).toList(),
                maxSteps,
                status,
                episode.seed());
    }

    private Observation observation(String text) {
        String footer = "\n\nScore: " + world.score() + " of " + World.MAX_SCORE + ". Moves: " + episode.steps()
                + " of " + maxSteps + ".";
        return new Observation(
                text + footer,
                world.room().wireName(),
                world.room().exits().stream().map(Direction::wireName).toList(),
                world.itemsHere().stream().map(Item::title).toList(),
                world.carried().stream().map(Item::title).toList(),
                world.score(),
                World.MAX_SCORE,
                episode.steps(),
                maxSteps,
                status);
    }
}
