package io.openenv4j.envs.cartpole;

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
 * CartPole-v1 with Gymnasium's exact dynamics: a pole hinged on a cart that the agent pushes left or right
 * with a force of 10 N, integrated with explicit Euler steps of 0.02 s. The episode terminates when the
 * cart leaves [-2.4, 2.4] or the pole tilts more than 12 degrees, and is truncated after 500 steps. Every
 * step, the terminating one included, is worth 1 (Gymnasium's default, {@code sutton_barto_reward=False}).
 *
 * <p>Reset options: {@code initial_state}, a list of four numbers (cart position, cart velocity, pole
 * angle, pole angular velocity) to start from instead of drawing each uniformly from [-0.05, 0.05); and
 * {@code sutton_barto_reward} (boolean), which gives 0 per step and -1 on termination instead. The draw
 * uses the reset's seed (a random one when absent): the same seed gives the same episode, though not the
 * numbers numpy would draw for it. Observations are rounded to 32-bit floats as Gymnasium's are; the state
 * carries the full 64-bit physics.
 *
 * <p>An action other than 0 or 1, a step before any reset or after the episode ended throws {@link
 * EnvironmentException}. Not thread-safe; the server gives each session its own instance.
 */
public final class CartPoleEnvironment
        implements Environment<
                CartPoleEnvironment.Action, CartPoleEnvironment.Observation, CartPoleEnvironment.CartPoleState> {

    public static final String NAME = "cartpole";
    public static final int MAX_EPISODE_STEPS = 500;
    static final double GRAVITY = 9.8;
    static final double MASS_CART = 1.0;
    static final double MASS_POLE = 0.1;
    static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    static final double HALF_LENGTH = 0.5;
    static final double POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH;
    static final double FORCE = 10.0;
    static final double TAU = 0.02;
    /** 12 degrees, computed in Gymnasium's order of operations so the threshold is the same double. */
    public static final double ANGLE_LIMIT = 12 * 2 * Math.PI / 360;

    public static final double POSITION_LIMIT = 2.4;

    /** One push. */
    @Description("Push the cart: 0 pushes it left, 1 pushes it right (always with the same force).")
    public record Action(
            @Description("0 = push left, 1 = push right") int action) {}

    /** What the agent sees (Gymnasium's observation, in its float32 precision). */
    @Description("The cart and pole after the step. Keep the pole within 12 degrees of upright and the cart"
            + " within 2.4 of the centre for 500 steps.")
    public record Observation(
            @Description("Cart position; the episode ends beyond -2.4 or 2.4")
            float cartPosition,

            @Description("Cart velocity per second (positive = moving right)")
            float cartVelocity,

            @Description("Pole angle in radians from upright, positive = leaning right; the episode ends beyond"
                    + " +-0.2094 (12 degrees)")
            float poleAngle,

            @Description("Pole angular velocity in radians per second (positive = tipping right)")
            float poleAngularVelocity,

            @Description("True when the episode was cut off by the 500-step limit rather than ended by a fall")
            boolean truncated) {}

    /** The full physical state, in 64-bit precision. */
    @Description("The episode's full state.")
    public record CartPoleState(
            String episodeId,
            long stepCount,
            @Description("Cart position") double cartPosition,
            @Description("Cart velocity") double cartVelocity,
            @Description("Pole angle in radians") double poleAngle,
            @Description("Pole angular velocity") double poleAngularVelocity,

            @Description("Whether the pole fell or the cart left the track")
            boolean terminated,

            @Description("Whether the 500-step limit was reached")
            boolean truncated,

            @Description("Whether rewards follow Sutton and Barto (0 per step, -1 on failure)")
            boolean suttonBartoReward,

            @Description("The seed the initial state was drawn with")
            long seed)
            implements State {}

    private final double[] physics = new double[4];
    private final Episode episode = new Episode();
    private boolean terminated;
    private boolean suttonBarto;

    /** How to serve it. */
    public static EnvSpec<Action, Observation, CartPoleState> spec() {
        return EnvSpec.of(
                        EnvironmentMetadata.of(
                                NAME,
                                "CartPole-v1 (Gymnasium-exact): balance a pole on a cart by pushing it left or right;"
                                        + " action {\"action\": 0|1}; reward 1 per step, at most 500 steps."),
                        Action.class,
                        Observation.class,
                        CartPoleState.class,
                        CartPoleEnvironment::new)
                .withExecution(Execution.NON_BLOCKING);
    }

    @Override
    public Step<Observation> reset(ResetRequest request) {
        Object rewardOption = request.option("sutton_barto_reward", Boolean.FALSE);
        if (!(rewardOption instanceof Boolean)) {
            throw new EnvironmentException(
                    "reset option 'sutton_barto_reward' must be true or false, got " + rewardOption);
        }
        double[] initial = initialState(request.option("initial_state", null));
        episode.begin(request);
        if (initial == null) {
            var random = new SplittableRandom(episode.seed());
            initial = new double[4];
            for (int i = 0; i < 4; i++) {
                initial[i] = -0.05 + 0.1 * random.nextDouble();
            }
        }
        System.arraycopy(initial, 0, physics, 0, 4);
        suttonBarto = (Boolean) rewardOption;
        terminated = false;
        return Step.of(observation(), 0.0, false);
    }

    @Override
    public Step<Observation> step(Action action) {
        episode.requireRunning();
        if (action.action() != 0 && action.action() != 1) {
            throw new EnvironmentException("action must be 0 (push left) or 1 (push right), got " + action.action());
        }
        double x = physics[0];
        double xDot = physics[1];
        double theta = physics[2];
        double thetaDot = physics[3];
        double force = action.action() == 1 ? FORCE : -FORCE;
        // StrictMath: the same bits on every JVM, so seeded trajectories never depend on the machine.
        double cos = StrictMath.cos(theta);
        double sin = StrictMath.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc =
                (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        physics[0] = x + TAU * xDot;
        physics[1] = xDot + TAU * xAcc;
        physics[2] = theta + TAU * thetaDot;
        physics[3] = thetaDot + TAU * thetaAcc;
        long steps = episode.advance();
        terminated = physics[0] < -POSITION_LIMIT
                || physics[0] > POSITION_LIMIT
                || physics[2] < -ANGLE_LIMIT
                || physics[2] > ANGLE_LIMIT;
        double reward = suttonBarto ? (terminated ? -1.0 : 0.0) : 1.0;
        if (terminated) {
            episode.end("terminated");
        }
        return Step.of(observation(), reward, episode.endAfter(MAX_EPISODE_STEPS, "truncated"));
    }

    @Override
    public CartPoleState state() {
        return new CartPoleState(
                episode.id(),
                episode.steps(),
                physics[0],
                physics[1],
                physics[2],
                physics[3],
                terminated,
                episode.steps() >= MAX_EPISODE_STEPS,
                suttonBarto,
                episode.seed());
    }

    private Observation observation() {
        return new Observation(
                (float) physics[0],
                (float) physics[1],
                (float) physics[2],
                (float) physics[3],
                episode.steps() >= MAX_EPISODE_STEPS);
    }

    /** The {@code initial_state} option as four finite numbers, or {@code null} when absent. */
    private static double[] initialState(Object option) {
        if (option == null) {
            return null;
        }
        if (option instanceof List<?> list && list.size() == 4) {
            double[] values = new double[4];
            for (int i = 0; i < 4; i++) {
                if (!(list.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                    throw new EnvironmentException(
                            "reset option 'initial_state' must hold finite numbers, got " + option);
                }
                values[i] = n.doubleValue();
            }
            return values;
        }
        throw new EnvironmentException("reset option 'initial_state' must be a list of four numbers [cart_position,"
                + " cart_velocity, pole_angle, pole_angular_velocity], got " + option);
    }
}
