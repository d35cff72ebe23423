package io.openenv4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void copiesItsMapsAndAllowsNullFacts() {
        var facts = new HashMap<String, Object>();
        facts.put("answer", "crane");
        facts.put("winner", null);
        var trace = new ArrayList<Map<String, Object>>(List.of(Map.of("tool", "search")));
        var outcome = new Outcome("t", 1L, false, facts, null, trace, null);
        facts.put("answer", "other");
        trace.clear();
        assertThat(outcome.fact("answer")).isEqualTo("crane");
        assertThat(outcome.finalState()).containsKey("winner");
        assertThat(outcome.toolTrace()).hasSize(1);
        assertThat(outcome.testResults()).isEmpty();
        assertThat(outcome.artifacts()).isEmpty();
        assertThatThrownBy(() -> outcome.finalState().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofHoldsOnlyAStateSnapshot() {
        var outcome = Outcome.of(null, null, true, Map.of("result", "win"));
        assertThat(outcome.done()).isTrue();
        assertThat(outcome.toolTrace()).isEmpty();
        assertThat(outcome.fact("result")).isEqualTo("win");
    }
}
