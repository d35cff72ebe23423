package io.openenv4j.envs.wordle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.rewards.Trajectory;
import io.openenv4j.rewards.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WordleRubricTest {

    private static double returnAndCheckRubric(String mode, List<String> guesses) {
        var env = new WordleEnvironment();
        assertThat(env.outcome()).isEmpty();
        env.reset(new ResetRequest(9L, "r", Map.of("answer", "crane", "reward_mode", mode)));
        var steps = new ArrayList<Transition>();
        double total = 0;
        for (String guess : guesses) {
            var action = new WordleEnvironment.Action(guess);
            var step = env.step(action);
            steps.add(Transition.of(action, step.observation(), step.reward(), step.done()));
            total += step.reward();
        }
        var score = WordleEnvironment.rubric(mode)
                .score(Trajectory.of(steps, env.outcome().orElseThrow()));
        assertThat(score.value()).as("%s %s", mode, guesses).isCloseTo(total, within(1e-12));
        return total;
    }

    @Test
    void theRubricScoreOfAnEpisodeIsItsReturn() {
        assertThat(returnAndCheckRubric("binary", List.of("slate", "crate", "crane")))
                .isEqualTo(1.0);
        assertThat(returnAndCheckRubric("binary", List.of("slate", "xxxxx", "crate")))
                .isZero();
        assertThat(returnAndCheckRubric("shaped", List.of("crate", "grate", "crane")))
                .isCloseTo(1.0, within(1e-12));
        assertThat(returnAndCheckRubric("shaped", List.of("crate", "grate"))).isCloseTo(0.08, within(1e-12));
    }

    @Test
    void theOutcomeCarriesTheAnswerThatTheObservationWithholds() {
        var env = new WordleEnvironment();
        env.reset(new ResetRequest(9L, "r", Map.of("answer", "crane")));
        var step = env.step(new WordleEnvironment.Action("pious"));
        assertThat(step.observation().answer()).isNull();
        assertThat(step.observation().prompt()).doesNotContain("crane");
        var outcome = env.outcome().orElseThrow();
        assertThat(outcome.fact("answer")).isEqualTo("crane");
        assertThat(outcome.fact("green_positions")).isEqualTo(0);
        assertThat(outcome.seed()).isEqualTo(9L);
        assertThat(outcome.done()).isFalse();
    }
}
