package io.openenv4j.envs.mountaincar;

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
import java.util.List;
import java.util.SplittableRandom;

/**
 * MountainCar-v0 with Gymnasium's exact dynamics: an underpowered car in a valley (height {@code sin(3x)})
 * must rock back and forth to reach the flag at position 0.5 on the right hill. Each step the agent
 * accelerates left, not at all, or right; velocity is clipped to [-0.07, 0.07] and position to [-1.2, 0.6],
 * and hitting the left wall stops the car. The reward is -1 per step; the episode terminates at position
 * &gt;= 0.5 (with velocity &gt;= 0) and is truncated after 200 steps.
 *
 * <p>Reset option {@code initial_state}: a list of two numbers (position, velocity) to start from instead
 * of a position drawn uniformly from [-0.6, -0.4) at rest. The draw uses the reset's seed (a random one when
 * absent): the same seed gives the same episode, though not the numbers numpy would draw for it.
 * Observations are rounded to 32-bit floats as Gymnasium's are; the state carries the 64-bit physics.
 *
 * <p>An action other than 0, 1 or 2, a step before any reset or after the episode ended throws {@link
 * EnvironmentException}. Not thread-safe; the server gives each session its own instance.
 */
public final class MountainCarEnvironment
        implements Environment<
                MountainCarEnvironment.Action,
                MountainCarEnvironment.Observation,
                MountainCarEnvironment.MountainCarState> {

    public static final String NAME = "mountain-car";
    public static final int MAX_EPISODE_STEPS = 200;
    public static final double MIN_POSITION = -1.2;
    public static final double MAX_POSITION = 0.6;
    public static final double MAX_SPEED = 0.07;
    public static final double GOAL_POSITION = 0.5;
    static final double FORCE = 0.001;
    static final double GRAVITY = 0.0025;

    /** One push of the engine. */
    @Description("Drive the car: 0 accelerates left, 1 does nothing, 2 accelerates right.")
    public record Action(
            @Description("0 = accelerate left, 1 = coast, 2 = accelerate right")
            int action) {}

    /** What the agent sees (Gymnasium's observation, in its float32 precision). */
    @Description("The car after the step. Reach position 0.5 (the flag on the right hill) within 200 steps;"
            + " the engine is too weak to climb directly, so build momentum by rocking.")
    public record Observation(
            @Description("Position along the track, -1.2 (left wall) to 0.6; the valley floor is near -0.52")
            float position,

            @Description("Velocity per step, -0.07 to 0.07 (positive = moving right)")
            float velocity,

            @Description("True when the episode was cut off by the 200-step limit rather than ended at the flag")
            boolean truncated) {}

    /** The full physical state, in 64-bit precision. */
    @Description("The episode's full state.")
    public record MountainCarState(
            String episodeId,
            long stepCount,
            @Description("Position along the track") double position,
            @Description("Velocity per step") double velocity,
            @Description("Whether the car reached the flag") boolean terminated,

            @Description("Whether the 200-step limit was reached")
            boolean truncated,

            @Description("The seed the initial state was drawn with")
            long seed)
            implements State {}

    private double position;
    private double velocity;
    private boolean terminated;
    private final Episode episode = new Episode();

    /** How to serve it. */
    public static EnvSpec<Action, Observation, MountainCarState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "MountainCar-v0 (Gymnasium-exact): rock an underpowered car out of a valley to the flag;"
                                        + " action {\"action\": 0|1|2} (left, coast, right); reward -1 per step, at most 200 steps."),
                        Action.class,
                        Observation.class,
                        MountainCarState.class,
                        MountainCarEnvironment::new)
                .withExecution(Execution.NON_BLOCKING);
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        double[] initial = initialState(request.option("initial_state", null));
        episode.begin(request);
        if (initial == null) {
            initial = new double[] {-0.6 + 0.2 * new SplittableRandom(episode.seed()).nextDouble(), 0.0};
        }
        position = initial[0];
        velocity = initial[1];
        terminated = false;
        return Step.of(observation(), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        episode.requireRunning();
        int push = action.action();
        if (push < 0 || push > 2) {
            throw new EnvironmentException(
                    "action must be 0 (accelerate left), 1 (coast) or 2 (accelerate right), got " + push);
        }
        // StrictMath: the same bits on every JVM, so seeded trajectories never depend on the machine.
        velocity += (push - 1) * FORCE + StrictMath.cos(3 * position) * (-GRAVITY);
        velocity = Math.clamp(velocity, -MAX_SPEED, MAX_SPEED);
        position += velocity;
        position = Math.clamp(position, MIN_POSITION, MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0.0;
        }
        episode.advance();
        terminated = position >= GOAL_POSITION && velocity >= 0.0;
        if (terminated) {
            episode.end("reached_goal");
        }
        return Step.of(observation(), -1.0, episode.endAfter(MAX_EPISODE_STEPS, "truncated"));
    }

    @Override
    public MountainCarState state() {
        return new MountainCarState(
                episode.id(),
                episode.steps(),
                position,
                velocity,
                terminated,
                episode.steps() >= MAX_EPISODE_STEPS,
                episode.seed());
    }

    private Observation observation() {
        return new Observation((float) position, (float) velocity, episode.steps() >= MAX_EPISODE_STEPS);
    }

    /** The {@code initial_state} option as two finite numbers, or {@code null} when absent. */
    private static double[] initialState(Object option) {
        if (option == null) {
            return null;
        }
        if (option instanceof List<?> list
                && list.size() == 2
                && list.get(0) instanceof Number p
                && Double.isFinite(p.doubleValue())
                && list.get(1) instanceof Number v
                && Double.isFinite(v.doubleValue())) {
            return new double[] {p.doubleValue(), v.doubleValue()};
        }
        throw new EnvironmentException("reset option 'initial_state' must be a list of two finite numbers"
                + " [position, velocity], got " + option);
    }
}
