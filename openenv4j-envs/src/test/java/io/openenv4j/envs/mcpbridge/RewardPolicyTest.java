package io.openenv4j.envs.mcpbridge;

import static io.openenv4j.envs.mcpbridge.TerminationTest.listing;
import static io.openenv4j.envs.mcpbridge.TerminationTest.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardPolicyTest {

    private static final ToolResult OK =
            new ToolResult(List.of(ToolResult.Content.text("ok")), null, null, null, false);

    @Test
    void noneGivesNoReward() {
        assertThat(RewardPolicy.none().reward(result(OK, 1))).isNull();
    }

    @Test
    void perSuccessfulCallRewardsOnlyCallsThatSucceeded() {
        RewardPolicy policy = RewardPolicy.perSuccessfulCall(0.5);
        assertThat(policy.reward(result(OK, 1))).isEqualTo(0.5);
        assertThat(policy.reward(result(ToolResult.error("x"), 1))).isEqualTo(0.0);
        assertThat(policy.reward(listing(1))).isEqualTo(0.0);
        assertThat(policy.reward(new Transition(
                        ToolAction.callTool("t", Map.of()),
                        new ToolObservation.ToolCallOutcome("t", null, new ToolError(ToolError.Kind.TIMEOUT, "slow")),
                        1)))
                .isEqualTo(0.0);
        assertThatThrownBy(() -> RewardPolicy.perSuccessfulCall(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenResultRewardsMatchingResults() {
        RewardPolicy policy =
                RewardPolicy.whenResult(r -> "ok".equals(r.content().get(0).text()), 2.0);
        assertThat(policy.reward(result(OK, 1))).isEqualTo(2.0);
        assertThat(policy.reward(result(ToolResult.error("no"), 1))).isEqualTo(0.0);
    }

    @Test
    void plusAddsRewardsAndKeepsNullOnlyWhenBothAreNull() {
        assertThat(RewardPolicy.perSuccessfulCall(1.0)
                        .plus(RewardPolicy.perSuccessfulCall(2.0))
                        .reward(result(OK, 1)))
                .isEqualTo(3.0);
        assertThat(RewardPolicy.none().plus(RewardPolicy.perSuccessfulCall(2.0)).reward(result(OK, 1)))
                .isEqualTo(2.0);
        assertThat(RewardPolicy.none().plus(RewardPolicy.none()).reward(result(OK, 1)))
                .isNull();
    }
}
