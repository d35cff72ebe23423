package io.openenv4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.BasicState;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.State;
import io.openenv4j.core.Step;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolObservation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EnvCodecTest {

    /** The reference test server's typed environment (ref_counter_server.py), mirrored. */
    record CounterAction(int delta, String note) {}

    record CounterObservation(long total, long lastDelta, List<Long> history, String message) {}

    record CounterState(String episodeId, long stepCount, long total) implements State {}

    private final EnvCodec<CounterAction, CounterObservation, CounterState> counter =
            EnvCodec.of(CounterAction.class, CounterObservation.class, CounterState.class);
    private final EnvCodec<ToolAction, ToolObservation, BasicState> tools =
            EnvCodec.of(ToolAction.class, ToolObservation.class, BasicState.class);

    private static JsonNode json(String text) {
        return WireJson.parse(text);
    }

    @Test
    void integerStringsAndIntegralFloatsAreAcceptedForIntegers() {
        assertThat(counter.decodeAction(json("{\"delta\":\"4\"}"))).isEqualTo(new CounterAction(4, null));
        assertThat(counter.decodeAction(json("{\"delta\":7.0,\"note\":\"n\"}"))).isEqualTo(new CounterAction(7, "n"));
    }

    record SwitchAction(boolean on, long count) {}

    @Test
    void integersBeyondSixtyFourBitsAreValidationErrorsNotCrashesOrSaturatedValues() {
        // Found by ActionBindingFuzzTest: a huge integer for a boolean escaped as a Jackson exception, and an
        // integral float beyond the long range was silently cast to Long.MAX_VALUE.
        var codec = EnvCodec.of(SwitchAction.class, CounterObservation.class, CounterState.class);
        assertThatThrownBy(() -> codec.decodeAction(json("{\"on\":33333333333333333333333333331,\"count\":1}")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.issues().get(0).type()).isEqualTo("bool_type"));
        assertThatThrownBy(() -> codec.decodeAction(json("{\"on\":true,\"count\":1e30}")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.issues().get(0).type()).isEqualTo("int_parsing_size"));
        assertThatThrownBy(() -> codec.decodeAction(json("{\"on\":\"yes\",\"count\":99999999999999999999}")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.issues().get(0).type()).isEqualTo("int_parsing_size"));
        assertThat(codec.decodeAction(json("{\"on\":1,\"count\":9.0e18}")))
                .isEqualTo(new SwitchAction(true, 9_000_000_000_000_000_000L));
    }

    record PositiveAction(int amount) {
        PositiveAction {
            if (amount <= 0) {
                throw new IllegalArgumentException("amount must be positive");
            }
        }
    }

    @Test
    void aRecordThatRefusesItsValuesIsAValidationError() {
        var codec = EnvCodec.of(PositiveAction.class, CounterObservation.class, CounterState.class);
        assertThatThrownBy(() -> codec.decodeAction(json("{\"amount\":-1}")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.issues().get(0).type()).isEqualTo("value_error");
                    assertThat(e.issues().get(0).msg()).contains("amount must be positive");
                });
    }

    @Test
    void metadataIsAcceptedOnEveryAction() {
        assertThat(counter.decodeAction(json("{\"delta\":1,\"metadata\":{\"k\":1}}")))
                .isEqualTo(new CounterAction(1, null));
    }

    @Test
    void fractionalIntegerIsRejectedLikeTheReference() {
        Golden golden = Golden.load("ws-error-validation-action-int-from-float.json");
        JsonNode reference = golden.response().path("data").path("errors").get(0);
        assertThatThrownBy(
                        () -> counter.decodeAction(golden.node().path("request").path("data")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    ValidationIssue issue = e.issues().get(0);
                    assertThat(issue.type()).isEqualTo(reference.path("type").asString());
                    assertThat(issue.loc()).containsExactly("delta");
                    assertThat(issue.msg()).isEqualTo(reference.path("msg").asString());
                });
    }

    @Test
    void unknownActionKeyIsRejectedWithItsLocation() {
        Golden golden = Golden.load("ws-error-validation-action-extra-key.json");
        JsonNode reference = golden.response().path("data").path("errors").get(0);
        assertThatThrownBy(
                        () -> counter.decodeAction(golden.node().path("request").path("data")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.issues()).hasSize(1);
                    assertThat(e.issues().get(0).type())
                            .isEqualTo(reference.path("type").asString());
                    assertThat(e.issues().get(0).loc()).containsExactly("bogus");
                    assertThat(e.issues().get(0).msg())
                            .isEqualTo(reference.path("msg").asString());
                });
    }

    @Test
    void missingRequiredFieldAndWrongTypesAreAllListed() {
        assertThatThrownBy(() -> counter.decodeAction(json("{\"note\":5}")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.issues())
                                .extracting(ValidationIssue::type)
                                .containsExactlyInAnyOrder("missing", "string_type"));
    }

    @Test
    void nullRecordComponentsAreLeftOutOfEncodedActions() {
        assertThat(WireJson.write(counter.encodeAction(new CounterAction(3, null))))
                .isEqualTo("{\"delta\":3}");
        assertThat(WireJson.write(counter.encodeAction(new CounterAction(3, "n"))))
                .isEqualTo("{\"delta\":3,\"note\":\"n\"}");
    }

    @Test
    void toolActionsDecodeWithOrWithoutType() {
        assertThat(tools.decodeAction(json("{\"type\":\"list_tools\"}"))).isEqualTo(ToolAction.listTools());
        assertThat(tools.decodeAction(json("{\"tool_name\":\"echo_message\",\"arguments\":{\"message\":\"x\"}}")))
                .isEqualTo(ToolAction.callTool("echo_message", Map.of("message", "x")));
        assertThatThrownBy(() -> tools.decodeAction(json("{\"type\":\"other\"}")))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> tools.decodeAction(json("{\"tool_name\":\"x\",\"bogus\":1}")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void stepPayloadLiftsRewardAndDoneOutOfTheObservation() {
        var step = Step.of(new CounterObservation(5, 3, List.of(3L), "added 3"), 3.0, false);
        assertThat(WireJson.write(counter.encodeStep(step)))
                .isEqualTo("{\"observation\":{\"metadata\":{},\"total\":5,\"last_delta\":3,"
                        + "\"history\":[3],\"message\":\"added 3\"},\"reward\":3.0,\"done\":false}");
    }

    @Test
    void everyObservationCarriesTheReferencesEmptyMetadataFirstOnBothWritingPaths() {
        // openenv 0.4+: Observation.metadata defaults to {} and model_dump writes it before the subclass's fields.
        var step = Step.of(new CounterObservation(5, 3, List.of(3L), "added 3"), 3.0, false);
        String payload =
                "{\"observation\":{\"metadata\":{},\"total\":5,\"last_delta\":3,\"history\":[3],\"message\":\"added 3\"},"
                        + "\"reward\":3.0,\"done\":false}";
        assertThat(counter.encodeStepFrame(step)).isEqualTo("{\"type\":\"observation\",\"data\":" + payload + "}");
        assertThat(WireJson.write(tools.encodeStep(Step.of(new ToolObservation.Ready(), null, false))))
                .isEqualTo("{\"observation\":{\"metadata\":{}},\"reward\":null,\"done\":false}");
        assertThat(tools.encodeStepFrame(Step.of(new ToolObservation.Ready(), null, false)))
                .isEqualTo(
                        "{\"type\":\"observation\",\"data\":{\"observation\":{\"metadata\":{}},\"reward\":null,\"done\":false}}");
    }

    @Test
    void aToolEnvironmentsResetMetadataTravelsNestedAndBesideAndDecodesBack() {
        var metadata = new java.util.LinkedHashMap<String, Object>();
        metadata.put("status", "ready");
        metadata.put("message", "Echo environment ready!");
        var step = Step.<ToolObservation>of(new ToolObservation.Ready(metadata), 0.0, false);
        String frame = tools.encodeStepFrame(step);
        assertThat(frame)
                .isEqualTo("{\"type\":\"observation\",\"data\":{\"observation\":{\"metadata\":{\"status\":\"ready\","
                        + "\"message\":\"Echo environment ready!\"}},\"reward\":0.0,\"done\":false,\"metadata\":{\"status\":\"ready\","
                        + "\"message\":\"Echo environment ready!\"}}}");
        assertThat(tools.decodeStep(WireJson.parse(frame).path("data")).observation())
                .isEqualTo(new ToolObservation.Ready(metadata));
    }

    @Test
    void httpStepBodiesCarryMetadataNullWhenEmptyAsTheNewestReferencesResponseModels() {
        var step = Step.of(new CounterObservation(5, 3, List.of(3L), "added 3"), 3.0, false);
        assertThat(WireJson.write(counter.encodeHttpStep(step)))
                .isEqualTo(
                        "{\"observation\":{\"metadata\":{},\"total\":5,"
                                + "\"last_delta\":3,\"history\":[3],\"message\":\"added 3\"},\"reward\":3.0,\"done\":false,\"metadata\":null}");
        var codec = EnvCodec.of(CounterAction.class, NotedObservation.class, CounterState.class);
        assertThat(WireJson.write(codec.encodeHttpStep(
                        new Step<>(new NotedObservation("hi", Map.of("source", "x")), 1.0, false))))
                .isEqualTo(
                        "{\"observation\":{\"metadata\":{\"source\":\"x\"},\"text\":\"hi\"},\"reward\":1.0,\"done\":false,"
                                + "\"metadata\":{\"source\":\"x\"}}");
    }

    record NotedObservation(String text, Map<String, Object> metadata) {}

    @Test
    void observationMetadataStaysInTheObservationAndIsAlsoSentBesideItWhenNotEmpty() {
        var codec = EnvCodec.of(CounterAction.class, NotedObservation.class, CounterState.class);
        var noted = new Step<>(new NotedObservation("hi", Map.of("source", "x")), 1.0, false);
        String expected =
                "{\"observation\":{\"metadata\":{\"source\":\"x\"},\"text\":\"hi\"},\"reward\":1.0,\"done\":false,"
                        + "\"metadata\":{\"source\":\"x\"}}";
        assertThat(WireJson.write(codec.encodeStep(noted))).isEqualTo(expected);
        assertThat(codec.encodeStepFrame(noted)).isEqualTo("{\"type\":\"observation\",\"data\":" + expected + "}");
        var empty = new Step<>(new NotedObservation("hi", Map.of()), null, true);
        assertThat(WireJson.write(codec.encodeStep(empty)))
                .isEqualTo("{\"observation\":{\"metadata\":{},\"text\":\"hi\"},\"reward\":null,\"done\":true}");
    }

    @Test
    void callToolArgumentsSentAsAJsonStringAreParsedFirst() {
        assertThat(
                        tools.decodeAction(
                                json(
                                        "{\"type\":\"call_tool\",\"tool_name\":\"echo\",\"arguments\":\"{\\\"message\\\":\\\"x\\\"}\"}")))
                .isEqualTo(ToolAction.callTool("echo", Map.of("message", "x")));
        assertThatThrownBy(() -> tools.decodeAction(json("{\"tool_name\":\"echo\",\"arguments\":\"not json\"}")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.issues().get(0).type()).isEqualTo("dict_type"));
    }

    @Test
    void observationSchemasStartWithTheReferenceBaseFieldsSoAnObservationJoinedWithRewardAndDoneFits() {
        JsonNode observation = counter.schema().path("observation");
        assertThat(observation.path("properties").propertyNames())
                .containsExactly("done", "reward", "metadata", "total", "last_delta", "history", "message");
        assertThat(observation.path("properties").path("reward").path("anyOf").toString())
                .isEqualTo("[{\"type\":\"boolean\"},{\"type\":\"integer\"},{\"type\":\"number\"},{\"type\":\"null\"}]");
        // Every field the server always sends is required (pydantic: every field without a default), the base
        // fields with their defaults are not; a nullable one stays nullable.
        assertThat(observation.path("required").toString())
                .isEqualTo("[\"total\",\"last_delta\",\"history\",\"message\"]");
        assertThat(observation.path("additionalProperties").asBoolean(true)).isFalse();
        // A component that is not primitive may be sent as null, and the schema says so as pydantic does.
        assertThat(WireJson.write(observation.path("properties").path("message")))
                .isEqualTo("{\"type\":[\"string\",\"null\"],\"title\":\"Message\"}");
        assertThat(observation.path("properties").path("total").path("type").asString())
                .isEqualTo("integer");
    }

    @Test
    void schemaKeysFollowTheNewestReferenceWithTheResetObservationLast() {
        assertThat(counter.schema().propertyNames())
                .containsExactly("action", "observation", "state", "reset_observation");
        // A reset returns the same observation type: the same schema, as the reference defaults it.
        assertThat(counter.schema().path("reset_observation"))
                .isEqualTo(counter.schema().path("observation"));
        // An action's required fields are those a client must send: the others have defaults.
        assertThat(counter.schema().path("action").path("required").toString()).isEqualTo("[\"delta\"]");
    }

    @Test
    void toolEnvironmentsResetObservationIsTheReferencesBareObservation() {
        JsonNode reset = tools.schema().path("reset_observation");
        assertThat(reset.path("title").asString()).isEqualTo("Observation");
        assertThat(reset.path("properties").propertyNames()).containsExactly("done", "reward", "metadata");
        assertThat(reset.has("required")).isFalse();
        assertThat(reset.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(reset).isNotEqualTo(tools.schema().path("observation"));
    }

    @Test
    void stateSchemasRequireEveryComponentAndLetNonPrimitivesBeNull() {
        JsonNode state = counter.schema().path("state");
        assertThat(state.path("required").toString()).isEqualTo("[\"episode_id\",\"step_count\",\"total\"]");
        assertThat(state.path("properties").path("episode_id").path("type").toString())
                .isEqualTo("[\"string\",\"null\"]");
        assertThat(state.path("properties").path("step_count").path("type").asString())
                .isEqualTo("integer");
    }

    @Test
    void toolEnvironmentsPublishTheReferenceCallToolActionSchema() {
        JsonNode action = tools.schema().path("action");
        assertThat(action.path("title").asString()).isEqualTo("CallToolAction");
        assertThat(action.path("required").toString()).isEqualTo("[\"tool_name\"]");
        assertThat(action.path("properties").propertyNames())
                .containsExactly("metadata", "type", "tool_name", "arguments");
        assertThat(action.path("properties").path("type").path("const").asString())
                .isEqualTo("call_tool");
        assertThat(action.path("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void referenceObservationsDecodeIntoTypedRecords() {
        for (Golden golden : Golden.all("ws-")) {
            if (!golden.server().equals("counter")
                    || !golden.response().path("type").asString("").equals("observation")) {
                continue;
            }
            Step<CounterObservation> step = counter.decodeStep(golden.response().path("data"));
            assertThat(step.observation().message()).as(golden.name()).isNotNull();
        }
    }

    @Test
    void referenceToolObservationsDecode() {
        var list = tools.decodeStep(
                Golden.load("ws-step-list-tools-echo.json").response().path("data"));
        assertThat(list.observation())
                .isInstanceOfSatisfying(
                        ToolObservation.ToolList.class,
                        l -> assertThat(l.tools())
                                .extracting(t -> t.name())
                                .containsExactly("echo_message", "echo_with_length"));
        var call = tools.decodeStep(
                Golden.load("ws-step-call-tool-echo.json").response().path("data"));
        assertThat(call.observation())
                .isInstanceOfSatisfying(
                        ToolObservation.ToolCallOutcome.class,
                        c -> assertThat(c.result().data()).isEqualTo("hello"));
        var unknown = tools.decodeStep(
                Golden.load("ws-step-call-tool-unknown-echo.json").response().path("data"));
        assertThat(unknown.observation())
                .isInstanceOfSatisfying(
                        ToolObservation.ToolCallOutcome.class,
                        c -> assertThat(c.error().errorType()).isEqualTo(ToolError.Kind.TOOL_NOT_FOUND));
    }

    @Test
    void rewardMayBeANumberABooleanNullOrNaN() {
        assertThat(EnvCodec.reward(json("3"))).isEqualTo(3.0);
        assertThat(EnvCodec.reward(json("true"))).isEqualTo(1.0);
        assertThat(EnvCodec.reward(json("null"))).isNull();
        assertThat(EnvCodec.reward(WireJson.parse("{\"r\":NaN}").get("r"))).isNull();
    }

    @Test
    void unknownObservationKeysAreIgnoredWhenDecoding() {
        var step = counter.decodeStep(json("{\"observation\":{\"total\":1,\"future_field\":true},\"reward\":null}"));
        assertThat(step.observation().total()).isEqualTo(1);
        assertThat(step.done()).isFalse();
    }

    @Test
    void resetIsStrictOverHttpAndLaxOverWebSocket() {
        assertThatThrownBy(() -> EnvCodec.decodeReset(json("{\"seed\":-1}"), EnvCodec.ResetValidation.STRICT))
                .isInstanceOf(InvalidInputException.class);
        assertThat(EnvCodec.decodeReset(json("{\"seed\":-1}"), EnvCodec.ResetValidation.LENIENT)
                        .seed())
                .isEqualTo(-1L);
        assertThat(EnvCodec.decodeReset(json("{\"seed\":\"7\",\"start\":2}"), EnvCodec.ResetValidation.LENIENT))
                .isEqualTo(new ResetRequest(7L, null, Map.of("start", 2)));
        assertThatThrownBy(() -> EnvCodec.decodeReset(json("{\"seed\":\"abc\"}"), EnvCodec.ResetValidation.LENIENT))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.issues().get(0).loc()).containsExactly("seed"));
        assertThatThrownBy(() -> EnvCodec.decodeReset(
                        json("{\"episode_id\":\"" + "x".repeat(256) + "\"}"), EnvCodec.ResetValidation.STRICT))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void resetRoundTripsThroughTheClientEncoding() {
        var request = new ResetRequest(42L, "ep", Map.of("difficulty", "hard"));
        assertThat(EnvCodec.decodeReset(EnvCodec.encodeReset(request), EnvCodec.ResetValidation.STRICT))
                .isEqualTo(request);
    }

    @Test
    void schemaMarksPrimitiveComponentsRequiredAndActionsClosed() {
        JsonNode schema = counter.schema();
        assertThat(schema.path("action").path("required").toString()).isEqualTo("[\"delta\"]");
        assertThat(schema.path("action").path("additionalProperties").asBoolean(true))
                .isFalse();
        assertThat(schema.path("action")
                        .path("properties")
                        .path("delta")
                        .path("type")
                        .asString())
                .isEqualTo("integer");
        assertThat(schema.path("observation")
                        .path("properties")
                        .path("history")
                        .path("items")
                        .path("type")
                        .asString())
                .isEqualTo("integer");
        assertThat(schema.path("state").path("additionalProperties").asBoolean(false))
                .isTrue();
        assertThat(schema.path("observation")
                        .path("properties")
                        .path("last_delta")
                        .path("title")
                        .asString())
                .isEqualTo("Last Delta");
    }

    record Scored(long score, Double reward, String note) {}

    @Test
    void stepFramesWrittenInOnePassEqualTheTreeEncoding() {
        var step = Step.of(new CounterObservation(3, 1, List.of(1L, 2L), "h\u00e9 \"x\""), 1.5, false);
        assertThat(counter.encodeStepFrame(step))
                .isEqualTo(new ServerMessage.Observation(counter.encodeStep(step)).toJson());
        var noReward = Step.of(new CounterObservation(0, 0, List.of(), null));
        assertThat(counter.encodeStepFrame(noReward))
                .isEqualTo(new ServerMessage.Observation(counter.encodeStep(noReward)).toJson());
        var lifted = EnvCodec.of(CounterAction.class, Scored.class, CounterState.class);
        var scored = Step.of(new Scored(7, 2.0, "n"), 3.0, true);
        assertThat(lifted.encodeStepFrame(scored))
                .isEqualTo(new ServerMessage.Observation(lifted.encodeStep(scored)).toJson())
                .doesNotContain("2.0");
        var tool = Step.<ToolObservation>of(new ToolObservation.Ready(), null, false);
        assertThat(tools.encodeStepFrame(tool))
                .isEqualTo(new ServerMessage.Observation(tools.encodeStep(tool)).toJson());
    }

    record Mixed(int count, Long big, double ratio, Boolean flag, String name) {
        Mixed {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative");
            }
        }
    }

    @Test
    void exactlyTypedActionsBindTheSameOnTheFastPathAsOnTheFullPath() {
        var mixed = EnvCodec.of(Mixed.class, CounterObservation.class, CounterState.class);
        assertThat(mixed.decodeAction(json(
                        "{\"count\":2,\"big\":9000000000,\"ratio\":1,\"flag\":true,\"name\":\"n\",\"metadata\":{}}")))
                .isEqualTo(new Mixed(2, 9_000_000_000L, 1.0, true, "n"));
        assertThat(mixed.decodeAction(json("{\"count\":\"2\",\"ratio\":0,\"flag\":\"yes\"}")))
                .isEqualTo(new Mixed(2, null, 0.0, true, null));
        assertThatThrownBy(() -> mixed.decodeAction(json("{\"big\":1,\"ratio\":1}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Field required");
        assertThatThrownBy(() -> mixed.decodeAction(json("{\"count\":-1,\"ratio\":1}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("count must not be negative");
        assertThatThrownBy(() -> mixed.decodeAction(json("{\"count\":1,\"ratio\":1,\"extra\":1}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Extra inputs");
        assertThatThrownBy(() -> mixed.decodeAction(json("{\"count\":1,\"ratio\":1,\"name\":5}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("valid string");
        assertThatThrownBy(() -> mixed.decodeAction(json("{\"count\":3000000000,\"ratio\":1}")))
                .isInstanceOf(InvalidInputException.class);
    }
}
