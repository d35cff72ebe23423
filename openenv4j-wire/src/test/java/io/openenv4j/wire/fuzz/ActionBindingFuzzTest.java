package io.openenv4j.wire.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openenv4j.core.BasicState;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.ToolAction;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.InvalidInputException;
import io.openenv4j.wire.WireJson;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Action binding (JSON to action records, with the reference's lax coercion and the records' own validation)
 * and reset decoding: for any JSON value the outcome is a bound value or an {@link InvalidInputException} with
 * at least one issue; nothing else escapes. A bound action encodes to JSON that binds to an equal action.
 */
class ActionBindingFuzzTest {

    /** Flat primitives: the fast binder's path. */
    public record Move(int row, int col, String piece, boolean capture, double weight) {}

    public enum Direction {
        UP,
        DOWN,
        LEFT,
        RIGHT
    }

    public record Inner(long id, List<String> tags) {}

    /** Nested, generic and validated components: the lax binder's path and the record's own checks. */
    public record Plan(
            Direction direction,
            List<Integer> path,
            Map<String, Double> weights,
            Inner inner,
            Integer limit,
            String note) {
        public Plan {
            if (limit != null && limit < 0) {
                throw new IllegalArgumentException("limit must not be negative");
            }
        }
    }

    private static final List<EnvCodec<?, ?, ?>> CODECS = List.of(
            EnvCodec.of(Move.class, Object.class, BasicState.class),
            EnvCodec.of(Plan.class, Object.class, BasicState.class),
            EnvCodec.of(ToolAction.class, Object.class, BasicState.class));

    @FuzzTest(maxDuration = "30s")
    void anyJsonBindsToAnActionOrIsRefusedWithIssues(FuzzedDataProvider data) {
        int which = data.consumeInt(0, CODECS.size());
        String text = data.consumeRemainingAsString();
        JsonNode node;
        try {
            node = WireJson.parse(text);
        } catch (JacksonException e) {
            return; // not JSON: the frame decoder's concern, covered by ClientFrameFuzzTest
        }
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (which == CODECS.size()) {
            for (EnvCodec.ResetValidation strict : EnvCodec.ResetValidation.values()) {
                try {
                    ResetRequest request = EnvCodec.decodeReset(node, strict);
                    assertThat(request).isNotNull();
                    assertThat(EnvCodec.decodeReset(EnvCodec.encodeReset(request), strict))
                            .isEqualTo(request);
                } catch (InvalidInputException e) {
                    assertThat(e.issues()).isNotEmpty();
                }
            }
            return;
        }
        bind(CODECS.get(which), node);
    }

    private static <A> void bind(EnvCodec<A, ?, ?> codec, JsonNode node) {
        A action;
        try {
            action = codec.decodeAction(node);
        } catch (InvalidInputException e) {
            assertThat(e.issues()).isNotEmpty();
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(action).isNotNull();
        assertThat(codec.decodeAction(codec.encodeAction(action))).isEqualTo(action);
    }
}
