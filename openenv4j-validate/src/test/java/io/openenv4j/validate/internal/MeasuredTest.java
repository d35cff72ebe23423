package io.openenv4j.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.wire.WireJson;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeasuredTest {

    private final Measured elapsed = new Measured(Set.of("elapsed_ms"));

    @Test
    void declaredFieldsAreBlankedAtAnyDepthAndInsideJsonText() {
        var observation = WireJson.parse("""
                {"stdout":"hi","elapsed_ms":12,"result":{"data":{"elapsed_ms":7,"exit_code":0},
                 "content":[{"type":"text","text":"{\\"elapsed_ms\\":9,\\"exit_code\\":0}"}]}}""");
        var again = WireJson.parse("""
                {"stdout":"hi","elapsed_ms":30,"result":{"data":{"elapsed_ms":1,"exit_code":0},
                 "content":[{"type":"text","text":"{\\"elapsed_ms\\":2,\\"exit_code\\":0}"}]}}""");
        assertThat(elapsed.blank(observation)).isEqualTo(elapsed.blank(again)).isNotEqualTo(observation);
        assertThat(elapsed.blank(observation)
                        .path("result")
                        .path("data")
                        .path("elapsed_ms")
                        .asString())
                .isEqualTo(Measured.PLACEHOLDER);
    }

    @Test
    void undeclaredFieldsStillDiffer() {
        var one = WireJson.parse("{\"elapsed_ms\":1,\"exit_code\":0,\"took\":5}");
        var two = WireJson.parse("{\"elapsed_ms\":2,\"exit_code\":0,\"took\":6}");
        assertThat(elapsed.blank(one)).isNotEqualTo(elapsed.blank(two));
        assertThat(elapsed.blank(one).path("took").asInt()).isEqualTo(5);
    }

    @Test
    void textThatIsNotJsonAndNothingDeclaredAreLeftAsTheyAre() {
        var text = WireJson.parse("{\"note\":\"{ elapsed_ms: not json\"}");
        assertThat(elapsed.blank(text)).isEqualTo(text);
        var any = WireJson.parse("{\"elapsed_ms\":3}");
        assertThat(Measured.NONE.blank(any)).isSameAs(any);
    }
}
