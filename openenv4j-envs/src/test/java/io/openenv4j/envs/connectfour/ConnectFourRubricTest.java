package io.openenv4j.envs.connectfour;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.envs.connectfour.ConnectFourEnvironment.Observation;
import io.openenv4j.rewards.Trajectory;
import io.openenv4j.rewards.Transition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectFourRubricTest {

    @Test
    void theRubricScoresAWholeEpisodeAsItsReturnAndOnlyOnceTheGameIsOver() {
        var env = new ConnectFourEnvironment();
        assertThat(env.outcome()).isEmpty();
        Step<Observation> step = env.reset(ResetRequest.withSeed(4));
        var oracle = new ConnectFourOracle();
        var steps = new ArrayList<Transition>();
        double total = 0;
        while (!step.done()) {
            var action = oracle.act(step, env.state());
            step = env.step(action);
            steps.add(Transition.of(action, step.observation(), step.reward(), step.done()));
            total += step.reward();
            var partial = Trajectory.of(steps, env.outcome().orElseThrow());
            assertThat(ConnectFourEnvironment.RUBRIC.score(partial).value()).isEqualTo(step.done() ? total : 0.0);
        }
        var outcome = env.outcome().orElseThrow();
        assertThat(outcome.done()).isTrue();
        assertThat(outcome.fact("result")).isEqualTo("win");
        var score = ConnectFourEnvironment.RUBRIC.score(Trajectory.of(steps, outcome));
        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.components()).containsEntry("game-over", 1.0).containsEntry("connect-four-result", 1.0);
        assertThat(score.provenance().rubric()).isEqualTo("connect-four");
        assertThat(ConnectFourEnvironment.RUBRIC
                        .score(Trajectory.of(List.of(), null))
                        .value())
                .isZero();
    }
}
