package io.openenv4j.envs.snake;

import io.openenv4j.core.Description;
import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.Environment;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Episode;
import io.openenv4j.core.Execution;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Snake: the snake moves one cell per step, grows by one cell for each food it eats (+1), and dies (-1, the
 * episode ends) when it runs into the edge of the board or into itself; filling the whole board ends the
 * episode too, and after {@code max_steps} steps it is truncated. The snake starts three cells long in the
 * middle row heading right; food appears on a free cell drawn from the seeded randomness. An action gives
 * an absolute {@code direction} or a {@code turn} relative to the heading; asking to reverse keeps the
 * heading, as in the arcade game.
 *
 * <p>Reset options: {@code width} and {@code height} (4 to 32, default 8) and {@code max_steps} (default
 * (width × height)² / 2, 2048 on the default board: room for {@link SnakeOracle} to fill any board). The seed fixes where every food appears; without one the environment draws a seed.
 *
 * <p>Not thread-safe; the server gives each session its own instance.
 */
public final class SnakeEnvironment
        implements Environment<SnakeEnvironment.Action, SnakeEnvironment.Observation, SnakeEnvironment.SnakeState> {

    public static final String NAME = "snake";
    static final Set<String> OPTIONS = Set.of("width", "height", "max_steps");

    /** One move: exactly one of the two fields. */
    @Description("Where the snake goes next: exactly one of direction and turn.")
    public record Action(
            @Description("Absolute: up, down, left or right (up is towards row 0); reversing is ignored")
            String direction,

            @Description("Relative to the heading: left, right or straight")
            String turn) {

        public static Action direction(String direction) {
            return new Action(direction, null);
        }

        public static Action turn(String turn) {
            return new Action(null, turn);
        }
    }

    /** A cell: row 0 is the top row, column 0 the left column. */
    @Description("A cell of the board; row 0 is the top row, col 0 the left column.")
    public record Position(int row, int col) {}

    /** What the agent sees. */
    @Description("The board after the move.")
    public record Observation(
            @Description("The board as text, one line per row: '.' empty, 'H' head, 'o' body, 'F' food")
            String text,

            @Description("The board as rows of numbers: 0 empty, 1 body, 2 head, 3 food")
            List<List<Integer>> cells,

            @Description("The head's cell") Position head,

            @Description("The food's cell, or null once the board is full")
            Position food,

            @Description("up, down, left or right") String heading,
            @Description("The snake's length in cells") int length,
            @Description("Foods eaten this episode") int score,

            @Description("ongoing, hit_wall, hit_self, filled_board or out_of_steps")
            String status,

            @Description("Whether the episode ended only because the step limit was reached")
            boolean truncated,

            @Description("Steps left before the episode is truncated")
            long stepsLeft) {

        public Observation {
            cells = cells == null ? List.of() : cells.stream().map(List::copyOf).toList();
        }
    }

    /** Everything about the episode. */
    @Description("The episode's full state.")
    public record SnakeState(
            String episodeId,
            long stepCount,
            @Description("The seed of the food placement") long seed,
            @Description("Columns of the board") int width,
            @Description("Rows of the board") int height,
            @Description("The snake's cells, head first") List<Position> body,
            @Description("up, down, left or right") String heading,

            @Description("The food's cell, or null once the board is full")
            Position food,

            @Description("Foods eaten this episode") int score,
            @Description("The step limit") int maxSteps,

            @Description("ongoing, hit_wall, hit_self, filled_board or out_of_steps")
            String status)
            implements State {

        public SnakeState {
            body = body == null ? List.of() : List.copyOf(body);
        }
    }

    private enum Status {
        ONGOING,
        HIT_WALL,
        HIT_SELF,
        FILLED_BOARD,
        OUT_OF_STEPS
    }

    private Board board;
    private Random random;
    private int maxSteps;
    private int score;
    private Status status;
    private final Episode episode = new Episode();

    /** How to serve it. */
    public static EnvSpec<Action, Observation, SnakeState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "Snake on a seeded board: eat food to grow (+1 each), avoid the walls and your own body (-1);"
                                        + " absolute or relative moves; text and array renderings."),
                        Action.class,
                        Observation.class,
                        SnakeState.class,
                        SnakeEnvironment::new)
                .withExecution(Execution.NON_BLOCKING);
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        for (String key : request.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new EnvironmentException(
                        "unknown reset option '" + key + "'; snake takes height, max_steps, width");
            }
        }
        int width = intOption(request, "width", 8, 4, 32);
        int height = intOption(request, "height", 8, 4, 32);
        maxSteps = intOption(request, "max_steps", width * height * width * height / 2, 1, 1_000_000);
        episode.begin(request);
        random = new Random(episode.seed());
        board = new Board(width, height, random);
        score = 0;
        status = Status.ONGOING;
        return Step.of(observe(), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        episode.requireRunning();
        Direction direction = Direction.chosen(action, board.heading());
        long steps = episode.advance();
        double reward = switch (board.advance(direction, random)) {
            case MOVED -> 0.0;
            case ATE -> 1.0;
            case FILLED_BOARD -> {
                status = Status.FILLED_BOARD;
                yield 1.0;
            }
            case HIT_WALL -> {
                status = Status.HIT_WALL;
                yield -1.0;
            }
            case HIT_SELF -> {
                status = Status.HIT_SELF;
                yield -1.0;
            }
        };
        score += reward > 0 ? 1 : 0;
        if (status == Status.ONGOING && steps >= maxSteps) {
            status = Status.OUT_OF_STEPS;
        }
        if (status != Status.ONGOING) {
            episode.end(wireName(status));
        }
        return Step.of(observe(), reward, episode.over());
    }

    @Override
    public SnakeState state() {
        if (board == null) {
            return new SnakeState(
                    episode.id(), episode.steps(), episode.seed(), 0, 0, List.of(), null, null, 0, 0, null);
        }
        return new SnakeState(
                episode.id(),
                episode.steps(),
                episode.seed(),
                board.width(),
                board.height(),
                board.body(),
                board.heading().wireName(),
                board.food(),
                score,
                maxSteps,
                wireName(status));
    }

    private Observation observe() {
        var text = new StringBuilder();
        var cells = new ArrayList<List<Integer>>();
        for (int row = 0; row < board.height(); row++) {
            var line = new ArrayList<Integer>();
            for (int col = 0; col < board.width(); col++) {
                char shown = board.shown(row, col);
                text.append(shown);
                line.add(Board.code(shown));
            }
            text.append(row + 1 < board.height() ? "\n" : "");
            cells.add(line);
        }
        return new Observation(
                text.toString(),
                cells,
                board.body().getFirst(),
                board.food(),
                board.heading().wireName(),
                board.length(),
                score,
                wireName(status),
                status == Status.OUT_OF_STEPS,
                maxSteps - episode.steps());
    }

    private static int intOption(ResetRequest request, String key, int fallback, int min, int max) {
        long value = request.longOption(key, fallback);
        if (value < min || value > max) {
            throw new EnvironmentException(
                    "reset option '" + key + "' must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }

    private static String wireName(Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
