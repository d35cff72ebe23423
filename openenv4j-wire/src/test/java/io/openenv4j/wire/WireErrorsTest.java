package io.openenv4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.StepOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireErrorsTest {

    private static final WireError FULL = WireError.capacity(2, 2);

    @Test
    void capacityReadsTheSameOnEveryTransport() {
        assertThat(WireErrors.frame(FULL))
                .isEqualTo("{\"type\":\"error\",\"data\":{\"message\":\"Server at capacity: 2/2 "
                        + "sessions active. Cannot accept new connections.\",\"code\":\"CAPACITY_REACHED\",\"active_sessions\":2,"
                        + "\"max_sessions\":2}}");
        var http = WireErrors.http(FULL);
        assertThat(http.status()).isEqualTo(503);
        assertThat(http.headers()).containsEntry("retry-after", "1");
        assertThat(http.body())
                .isEqualTo("{\"detail\":\"Server at capacity: 2/2 sessions active. Cannot accept new connections.\"}");
        assertThat(WireJson.write(WireErrors.jsonRpc(FULL)))
                .isEqualTo(
                        "{\"code\":-32000,\"message\":\"Server at capacity: "
                                + "2/2 sessions active. Cannot accept new connections.\",\"data\":{\"active_sessions\":2,\"max_sessions\":2}}");
    }

    @Test
    void aFactoryFailureIsA500OverHttpAndAServerErrorOverJsonRpc() {
        WireError error = WireError.factory("make", null);
        assertThat(WireErrors.http(error))
                .isEqualTo(new WireErrors.HttpError(
                        500, "{\"detail\":\"Environment factory 'make' failed to create instance.\"}", Map.of()));
        assertThat(WireJson.write(WireErrors.jsonRpc(error)))
                .isEqualTo("{\"code\":-32000,\"message\":\"Environment "
                        + "factory 'make' failed to create instance.\",\"data\":{\"factory_name\":\"make\"}}");
        assertThat(WireErrors.frame(error)).contains("\"code\":\"FACTORY_ERROR\"", "\"factory_name\":\"make\"");
    }

    @Test
    void anErrorWithoutExtrasHasNullDataInJsonRpc() {
        assertThat(WireJson.write(WireErrors.jsonRpc(WireError.session("idle"))))
                .isEqualTo("{\"code\":-32000,\"message\":\"idle\",\"data\":null}");
    }

    @Test
    void validationIsA422WithTheIssuesAsDetail() {
        var issue = new ValidationIssue("missing", List.of("action"), "Field required", null);
        assertThat(WireErrors.httpBodyInvalid(List.of(issue)))
                .isEqualTo(new WireErrors.HttpError(
                        422,
                        "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"action\"],\"msg\":\"Field required\",\"input\":null}]}",
                        Map.of()));
    }

    @Test
    void aRewardFailureIsA502WithItsCodeAndExtras() {
        var error = new WireError(ErrorCode.REWARD_ERROR, "no reward", Map.of("step", 3));
        assertThat(WireErrors.http(error))
                .isEqualTo(new WireErrors.HttpError(
                        502, "{\"detail\":\"no reward\",\"code\":\"REWARD_ERROR\",\"step\":3}", Map.of()));
    }

    @Test
    void aTimedOutCallIsA504NamingTheLimit() {
        assertThat(WireErrors.httpTimedOut(Duration.ofSeconds(30)))
                .isEqualTo(new WireErrors.HttpError(
                        504,
                        "{\"detail\":\"The call ran longer than the server's step timeout of 30 s and was cancelled\"}",
                        Map.of()));
    }

    @Test
    void aStepBodyGivesTheActionAndOptions() {
        var body = StepBody.parse(WireJson.parse("{\"action\":{\"x\":1},\"timeout_s\":1.5,\"request_id\":\"r\"}"));
        assertThat(body.action().get("x").asInt()).isEqualTo(1);
        assertThat(body.options()).isEqualTo(new StepOptions(Duration.ofMillis(1500), "r"));
    }

    @Test
    void aStepBodyReportsEveryIssueAtOnce() {
        assertThatThrownBy(() -> StepBody.parse(WireJson.parse("{\"timeout_s\":0,\"request_id\":5}")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.issues())
                                .extracting(ValidationIssue::type)
                                .containsExactly("missing", "greater_than", "string_type"));
        assertThatThrownBy(() -> StepBody.parse(WireJson.parse("[]")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.issues())
                                .extracting(ValidationIssue::type)
                                .containsExactly("model_attributes_type"));
    }

    @Test
    void batchFramesAreParsedIntoTheirKinds() {
        assertThat(BatchMessage.parse("{\"type\":\"step\",\"data\":{\"actions\":[{},null]}}", 2))
                .isInstanceOfSatisfying(
                        BatchMessage.Step.class,
                        step -> assertThat(step.actions().size()).isEqualTo(2));
        assertThat(BatchMessage.parse("{\"type\":\"reset\"}", 2)).isEqualTo(new BatchMessage.Reset(null));
        assertThat(BatchMessage.parse("{\"type\":\"state\"}", 2)).isEqualTo(new BatchMessage.State());
        assertThat(BatchMessage.parse("{\"type\":\"close\"}", 2)).isEqualTo(new BatchMessage.Close());
    }

    @Test
    void badBatchFramesBecomeTheErrorToSend() {
        assertThat(error("{", 1).code()).isEqualTo(ErrorCode.INVALID_JSON);
        assertThat(error("{\"type\":\"jump\"}", 1)).isEqualTo(WireError.unknownType("jump"));
        assertThat(issue("[1]").type()).isEqualTo("model_type");
        assertThat(issue("{\"type\":\"step\",\"x\":1}").loc()).isEqualTo(List.of("x"));
        assertThat(issue("{\"type\":\"step\",\"data\":{\"actions\":[{}]}}").type())
                .isEqualTo("list_type");
        assertThat(issue("{\"type\":\"reset\",\"data\":{\"requests\":[{},{}],\"more\":1}}")
                        .loc())
                .isEqualTo(List.of("data", "more"));
        assertThat(issue("{\"type\":\"step\",\"data\":3}").type()).isEqualTo("dict_type");
    }

    private static WireError error(String text, int envs) {
        return ((BatchMessage.Invalid) BatchMessage.parse(text, envs)).error();
    }

    @SuppressWarnings("unchecked")
    private static ValidationIssue issue(String text) {
        var entry = ((List<Map<String, Object>>) error(text, 2).extras().get("errors")).getFirst();
        return new ValidationIssue(
                (String) entry.get("type"),
                (List<Object>) entry.get("loc"),
                (String) entry.get("msg"),
                entry.get("input"));
    }
}
