package io.openenv4j.tasks.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.tasks.HiddenFieldLeakException;
import io.openenv4j.tasks.Task;
import io.openenv4j.wire.WireJson;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeakGuardTest {

    private static LeakGuard guard(String prompt, Map<String, Object> hidden) {
        return LeakGuard.of(new Task("t1", "train", 0, prompt, hidden, Map.of()));
    }

    private static void check(LeakGuard guard, String json) {
        guard.check(WireJson.parse(json), "the observation", Set.of(), "");
    }

    @Test
    void textIsMatchedAsWholeWordsIgnoringCase() {
        var guard = guard("Name the capital.", Map.of("answer", "Paris"));
        assertThatThrownBy(() -> check(guard, "{\"hint\":\"it is PARIS, of course\"}"))
                .isInstanceOf(HiddenFieldLeakException.class)
                .hasMessageContaining("field 'hint'")
                .hasMessageNotContaining("Paris");
        assertThatCode(() -> check(guard, "{\"hint\":\"Parisian food\"}")).doesNotThrowAnyException();
    }

    @Test
    void numbersAreFoundInTextAndAsLargeOrFractionalJsonNumbers() {
        var guard = guard("What is 2 times 314?", Map.of("answer", 628L, "rate", "0.25"));
        assertThatThrownBy(() -> check(guard, "{\"deep\":{\"list\":[\"so 628.\"]}}"))
                .hasMessageContaining("field 'deep.list[0]'");
        assertThatThrownBy(() -> check(guard, "{\"n\":628.0}")).hasMessageContaining("hidden field 'answer'");
        assertThatThrownBy(() -> check(guard, "{\"x\":0.25}")).hasMessageContaining("hidden field 'rate'");
        assertThatCode(() -> check(guard, "{\"text\":\"6280 and 1628\"}")).doesNotThrowAnyException();
    }

    @Test
    void smallIntegersAsJsonNumbersAreCountersNotLeaksButInTextTheyAre() {
        var guard = guard("How many legs has a spider?", Map.of("answer", "8"));
        assertThatCode(() -> check(guard, "{\"attempts_left\":8}")).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(guard, "{\"text\":\"it has 8 legs\"}"))
                .isInstanceOf(HiddenFieldLeakException.class);
    }

    @Test
    void theFinalAnswerOfAGsm8kSolutionIsASecretOfItsOwn() {
        var guard = guard(
                "Janet has ducks.", Map.of("answer", "16 - 3 - 4 = <<16-3-4=9>>9\n9 * 2 = <<9*2=18>>18\n#### 18"));
        assertThatThrownBy(() -> check(guard, "{\"note\":\"18 dollars\"}"))
                .hasMessageContaining("hidden field 'answer'");
    }

    @Test
    void aValueThePromptShowsOrTheAgentWroteIsNoSecret() {
        var shown = guard("Is 42 the answer to 6 times 7?", Map.of("answer", "42"));
        assertThatCode(() -> check(shown, "{\"q\":\"Is 42 the answer to 6 times 7?\"}"))
                .doesNotThrowAnyException();
        var said = guard("What is 6 times 7?", Map.of("answer", "42"));
        assertThatCode(() -> said.check(
                        WireJson.parse("{\"echo\":\"you said 42\"}"), "x", Set.of(), "{\"answer\":\"42\"}\n"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() ->
                        said.check(WireJson.parse("{\"echo\":\"it was 42\"}"), "x", Set.of(), "{\"answer\":\"41\"}\n"))
                .isInstanceOf(HiddenFieldLeakException.class);
    }

    @Test
    void exemptKeysAndNestedHiddenValues() {
        var guard = guard("p", Map.of("tests", List.of(Map.of("input", "abc", "expected", "zyx"))));
        assertThatThrownBy(() -> check(guard, "{\"log\":\"expected zyx\"}"))
                .hasMessageContaining("hidden field 'tests[0].expected'");
        assertThatCode(() -> guard.check(WireJson.parse("{\"task_id\":\"zyx\"}"), "s", Set.of("task_id"), ""))
                .doesNotThrowAnyException();
    }
}
