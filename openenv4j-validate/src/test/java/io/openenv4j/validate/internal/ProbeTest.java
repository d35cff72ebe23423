package io.openenv4j.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.wire.WireJson;
import org.junit.jupiter.api.Test;

/** Step payloads as both reference versions send them are step payloads; malformed ones are named. */
class ProbeTest {

    private static String problem(String json) {
        return Probe.shapeProblem(WireJson.parse(json));
    }

    @Test
    void theOldReferencesPayloadWithoutMetadataIsAStepPayload() {
        assertThat(problem("{\"observation\":{\"total\":1},\"reward\":1.0,\"done\":false}"))
                .isNull();
    }

    @Test
    void theNewestReferencesMetadataNestedAndTopLevelIsAStepPayload() {
        assertThat(problem(
                        "{\"observation\":{\"metadata\":{\"next_player\":1},\"board\":[]},\"reward\":0.0,\"done\":false,"
                                + "\"metadata\":{\"next_player\":1}}"))
                .isNull();
        // over WebSocket an empty metadata stays inside; over HTTP the sibling is then null
        assertThat(problem("{\"observation\":{\"metadata\":{},\"total\":0},\"reward\":0.0,\"done\":false}"))
                .isNull();
        assertThat(
                        problem(
                                "{\"observation\":{\"metadata\":{},\"total\":0},\"reward\":0.0,\"done\":false,\"metadata\":null}"))
                .isNull();
    }

    @Test
    void metadataThatIsNotAnObjectOrDisagreesIsNamed() {
        assertThat(problem("{\"observation\":{\"metadata\":3},\"reward\":0.0,\"done\":false}"))
                .contains("not an object");
        assertThat(
                        problem(
                                "{\"observation\":{\"metadata\":{\"a\":1}},\"reward\":0.0,\"done\":false,\"metadata\":{\"a\":2}}"))
                .contains("differs");
        assertThat(problem("{\"observation\":{},\"reward\":0.0,\"done\":false,\"extra\":1}"))
                .contains("payload keys");
        assertThat(problem("{\"observation\":{\"done\":true},\"reward\":0.0,\"done\":false}"))
                .contains("carries 'done'");
    }
}
