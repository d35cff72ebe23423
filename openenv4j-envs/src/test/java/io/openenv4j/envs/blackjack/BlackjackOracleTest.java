package io.openenv4j.envs.blackjack;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.Policy;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.blackjack.BlackjackEnvironment.Action;
import io.openenv4j.envs.blackjack.BlackjackEnvironment.BlackjackState;
import io.openenv4j.envs.blackjack.BlackjackEnvironment.Observation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlackjackOracleTest {

    private static final int EPISODES = 20_000;

    /** Mean return over the deals of seeds 0 to {@code EPISODES - 1}. */
    private static double meanReturn(Policy<Action, Observation, BlackjackState> policy) {
        var env = new BlackjackEnvironment();
        double total = 0;
        for (long seed = 0; seed < EPISODES; seed++) {
            Step<Observation> step = env.reset(ResetRequest.withSeed(seed));
            while (!step.done()) {
                step = env.step(policy.act(step, env.state()));
                total += step.reward();
            }
        }
        return total / EPISODES;
    }

    @Test
    void basicStrategyBeatsRandomPlayAndAlwaysSticking() {
        double basic = meanReturn(new BlackjackOracle());
        var coin = new SplittableRandom(1);
        double random = meanReturn((last, state) -> new Action(coin.nextInt(2)));
        double stick = meanReturn((last, state) -> new Action(0));
        // The standard error of each mean is below 0.007, so these margins are many errors wide.
        assertThat(basic).isBetween(-0.09, -0.02);
        assertThat(stick).isBetween(-0.23, -0.16);
        assertThat(random).isBetween(-0.45, -0.35);
        assertThat(basic).isGreaterThan(stick + 0.08).isGreaterThan(random + 0.25);
    }

    @Test
    void decisionsFollowTheBasicStrategyTable() {
        assertThat(BlackjackOracle.decide(16, 10, false)).isEqualTo(BlackjackOracle.HIT);
        assertThat(BlackjackOracle.decide(16, 6, false)).isEqualTo(BlackjackOracle.STICK);
        assertThat(BlackjackOracle.decide(12, 3, false)).isEqualTo(BlackjackOracle.HIT);
        assertThat(BlackjackOracle.decide(12, 4, false)).isEqualTo(BlackjackOracle.STICK);
        assertThat(BlackjackOracle.decide(11, 1, false)).isEqualTo(BlackjackOracle.HIT);
        assertThat(BlackjackOracle.decide(17, 1, false)).isEqualTo(BlackjackOracle.STICK);
        assertThat(BlackjackOracle.decide(18, 9, true)).isEqualTo(BlackjackOracle.HIT);
        assertThat(BlackjackOracle.decide(18, 1, true)).isEqualTo(BlackjackOracle.HIT);
        assertThat(BlackjackOracle.decide(18, 8, true)).isEqualTo(BlackjackOracle.STICK);
        assertThat(BlackjackOracle.decide(17, 2, true)).isEqualTo(BlackjackOracle.HIT);
        assertThat(BlackjackOracle.decide(19, 10, true)).isEqualTo(BlackjackOracle.STICK);
    }
}
