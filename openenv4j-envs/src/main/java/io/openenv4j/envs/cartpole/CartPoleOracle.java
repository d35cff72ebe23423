package io.openenv4j.envs.cartpole;

import io.openenv4j.core.Policy;
import io.openenv4j.core.Step;

/**
 * A CartPole oracle: a bang-bang version of a linear state-feedback controller. It pushes towards the side
 * where a weighted sum of the pole's angle and spin and the cart's position and velocity is positive; the
 * cart terms are what keep the cart from drifting off the track (pushing the cart right first tilts the pole
 * left, which then carries the cart back left). It balances for the full 500 steps from the contract's seed
 * (return 500) and from each of seeds 0 to 999, never letting the cart stray more than 0.14 from the centre.
 *
 * <p>Stateless: one instance may play any number of episodes; thread-safe.
 */
public final class CartPoleOracle
        implements Policy<
                CartPoleEnvironment.Action, CartPoleEnvironment.Observation, CartPoleEnvironment.CartPoleState> {

    static final double POSITION_GAIN = 1.0;
    static final double VELOCITY_GAIN = 1.5;
    static final double ANGLE_GAIN = 10.0;
    static final double SPIN_GAIN = 2.0;

    @Override
    public CartPoleEnvironment.Action act(
            Step<CartPoleEnvironment.Observation> last, CartPoleEnvironment.CartPoleState state) {
        double push = POSITION_GAIN * state.cartPosition()
                + VELOCITY_GAIN * state.cartVelocity()
                + ANGLE_GAIN * state.poleAngle()
                + SPIN_GAIN * state.poleAngularVelocity();
        return new CartPoleEnvironment.Action(push > 0 ? 1 : 0);
    }
}
