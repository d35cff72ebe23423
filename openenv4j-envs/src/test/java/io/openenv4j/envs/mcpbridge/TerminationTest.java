package io.openenv4j.envs.mcpbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminationTest {

    static Transition listing(long step) {
        return new Transition(ToolAction.listTools(), new ToolObservation.ToolList(List.of()), step);
    }

    static Transition result(ToolResult result, long step) {
        return new Transition(
                ToolAction.callTool("t", Map.of()), new ToolObservation.ToolCallOutcome("t", result, null), step);
    }

    @Test
    void neverNeverEnds() {
        assertThat(Termination.never().done(listing(1_000_000))).isFalse();
    }

    @Test
    void aStepBudgetEndsAtItsLastStep() {
        assertThat(Termination.stepBudget(3).done(listing(2))).isFalse();
        assertThat(Termination.stepBudget(3).done(listing(3))).isTrue();
        assertThatThrownBy(() -> Termination.stepBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResultPredicateSeesOnlyToolResults() {
        Termination onError = Termination.whenResult(ToolResult::isError);
        assertThat(onError.done(result(ToolResult.error("x"), 1))).isTrue();
        assertThat(onError.done(result(new ToolResult(List.of(), null, null, 1, false), 1)))
                .isFalse();
        assertThat(onError.done(listing(1))).isFalse();
    }

    @Test
    void orEndsWhenEitherDoes() {
        Termination either = Termination.stepBudget(5).or(Termination.whenResult(ToolResult::isError));
        assertThat(either.done(result(ToolResult.error("x"), 1))).isTrue();
        assertThat(either.done(listing(5))).isTrue();
        assertThat(either.done(listing(4))).isFalse();
    }
}
