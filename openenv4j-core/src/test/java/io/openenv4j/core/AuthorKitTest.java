package io.openenv4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuthorKitTest {

    /** Counts up; its episode ends when the count reaches the reset option {@code until} (default never). */
    static final class Counter implements Environment<Integer, Long, Map<String, Object>> {
        final List<String> calls = new ArrayList<>();
        long count;
        long until;

        @Override
        public Step<Long> reset(ResetRequest request) {
            calls.add("reset");
            count = 0;
            until = request.longOption("until", Long.MAX_VALUE);
            return Step.of(count, 0.0, count >= until);
        }

        @Override
        public Step<Long> step(Integer action) {
            calls.add("step");
            count += action;
            return Step.of(count, (double) action, count >= until);
        }

        @Override
        public Map<String, Object> state() {
            return Map.of("count", count);
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Nested
    class EpisodeBookkeeping {

        @Test
        void takesTheIdAndSeedTheRequestAsksFor() {
            var episode = new Episode().begin(new ResetRequest(42L, "ep-1", Map.of()));
            assertThat(episode.id()).isEqualTo("ep-1");
            assertThat(episode.seed()).isEqualTo(42L);
            assertThat(episode.steps()).isZero();
            assertThat(episode.running()).isTrue();
        }

        @Test
        void makesUpADistinctIdAndSeedWhenTheRequestHasNone() {
            var first = new Episode().begin(ResetRequest.empty());
            var second = new Episode().begin(ResetRequest.empty());
            assertThat(first.id()).isNotBlank().isNotEqualTo(second.id());
            assertThat(first.seed()).isNotEqualTo(second.seed());
        }

        @Test
        void refusesAStepBeforeTheFirstReset() {
            assertThatThrownBy(() -> new Episode("game").advance())
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessage("no game yet: call reset before step");
        }

        @Test
        void countsStepsAndRefusesOneAfterTheEndNamingWhyItEnded() {
            var episode = new Episode().begin(ResetRequest.empty());
            assertThat(episode.advance()).isEqualTo(1);
            assertThat(episode.advance()).isEqualTo(2);
            episode.end("out_of_steps");
            episode.end("won");
            assertThat(episode.ending()).isEqualTo("out_of_steps");
            assertThatThrownBy(episode::advance)
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessage("the episode is over (out_of_steps); call reset to start another");
            assertThat(episode.steps()).isEqualTo(2);
        }

        @Test
        void endsAfterTheLimitOnlyOnceItIsReached() {
            var episode = new Episode().begin(ResetRequest.empty());
            episode.advance();
            assertThat(episode.endAfter(2, "out_of_steps")).isFalse();
            episode.advance();
            assertThat(episode.endAfter(2, "out_of_steps")).isTrue();
            assertThat(episode.ending()).isEqualTo("out_of_steps");
        }

        @Test
        void aNewResetStartsAFreshEpisodeAfterAnEnd() {
            var episode = new Episode().begin(new ResetRequest(1L, "a", Map.of()));
            episode.advance();
            episode.end();
            episode.begin(new ResetRequest(2L, "b", Map.of()));
            assertThat(episode.running()).isTrue();
            assertThat(episode.steps()).isZero();
            assertThat(episode.ending()).isNull();
            assertThat(episode.id()).isEqualTo("b");
        }

        @Test
        void cannotEndAnEpisodeThatNeverBegan() {
            assertThatThrownBy(() -> new Episode().end()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class UnknownResetOptions {

        @Test
        void areRefusedNamingThemAndWhatIsAccepted() {
            var request = new ResetRequest(null, null, Map.of("size", 3, "colour", "red", "word", "crane"));
            assertThatThrownBy(() -> request.requireKnownOptions("wordle", Set.of("word", "max_guesses")))
                    .isInstanceOf(EnvironmentException.class)
                    .hasMessage("unknown reset option(s) [colour, size]; wordle accepts [max_guesses, word]");
        }

        @Test
        void passKnownOptionsThrough() {
            var request = new ResetRequest(null, null, Map.of("word", "crane"));
            assertThat(request.requireKnownOptions("wordle", Set.of("word"))).isSameAs(request);
        }
    }

    @Nested
    class OrderEnforcingWrapper {

        @Test
        void refusesAStepBeforeResetWithoutCallingTheEnvironment() {
            var counter = new Counter();
            var env = new OrderEnforcing<>(counter);
            assertThatThrownBy(() -> env.step(1)).hasMessageContaining("call reset");
            assertThat(counter.calls).isEmpty();
        }

        @Test
        void refusesAStepAfterTheEpisodeEndedAndAllowsOneAfterANewReset() {
            var counter = new Counter();
            var env = new OrderEnforcing<>(counter);
            env.reset(new ResetRequest(null, null, Map.of("until", 2)));
            assertThat(env.step(1).done()).isFalse();
            assertThat(env.step(1).done()).isTrue();
            assertThatThrownBy(() -> env.step(1)).hasMessageContaining("is over");
            env.reset(ResetRequest.empty());
            assertThat(env.step(5).observation()).isEqualTo(5L);
            assertThat(counter.calls).containsExactly("reset", "step", "step", "reset", "step");
        }

        @Test
        void refusesStepsAfterAResetThatEndedAtOnce() {
            var env = new OrderEnforcing<>(new Counter());
            assertThat(env.reset(new ResetRequest(null, null, Map.of("until", 0)))
                            .done())
                    .isTrue();
            assertThatThrownBy(() -> env.step(1)).hasMessageContaining("is over");
        }

        @Test
        void passesStateAndCloseThrough() {
            var counter = new Counter();
            var env = new OrderEnforcing<>(counter);
            env.reset(ResetRequest.empty());
            env.step(3);
            assertThat(env.state()).containsEntry("count", 3L);
            env.close();
            assertThat(counter.calls).endsWith("close");
            assertThat(env.unwrapped()).isSameAs(counter);
        }
    }

    @Nested
    class TimeLimitWrapper {

        @Test
        void endsTheEpisodeAtTheLimitKeepingObservationAndReward() {
            var env = new TimeLimit<>(new Counter(), 3);
            env.reset(ResetRequest.empty());
            assertThat(env.step(1).done()).isFalse();
            assertThat(env.step(1).done()).isFalse();
            Step<Long> last = env.step(2);
            assertThat(last.done()).isTrue();
            assertThat(last.observation()).isEqualTo(4L);
            assertThat(last.reward()).isEqualTo(2.0);
            assertThat(env.truncated()).isTrue();
        }

        @Test
        void doesNotCallAnEndingOfTheEnvironmentItsOwnATruncation() {
            var env = new TimeLimit<>(new Counter(), 3);
            env.reset(new ResetRequest(null, null, Map.of("until", 2)));
            env.step(1);
            assertThat(env.step(1).done()).isTrue();
            assertThat(env.truncated()).isFalse();
        }

        @Test
        void countsAgainFromZeroAfterAReset() {
            var env = new TimeLimit<>(new Counter(), 2);
            env.reset(ResetRequest.empty());
            env.step(1);
            assertThat(env.step(1).done()).isTrue();
            env.reset(ResetRequest.empty());
            assertThat(env.truncated()).isFalse();
            assertThat(env.step(1).done()).isFalse();
        }

        @Test
        void composedWithOrderEnforcingRefusesStepsPastTheLimit() {
            var env = new OrderEnforcing<>(new TimeLimit<>(new Counter(), 1));
            env.reset(ResetRequest.empty());
            assertThat(env.step(1).done()).isTrue();
            assertThatThrownBy(() -> env.step(1)).hasMessageContaining("is over");
        }

        @Test
        void refusesALimitBelowOne() {
            assertThatThrownBy(() -> new TimeLimit<>(new Counter(), 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
