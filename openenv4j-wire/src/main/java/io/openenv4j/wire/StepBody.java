package io.openenv4j.wire;

import io.openenv4j.core.StepOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /step}: {@code {"action":{…},"timeout_s":…,"request_id":…}}, checked as the
 * reference's request model checks it.
 *
 * @param action the action object as sent (decoded by the environment's codec afterwards)
 * @param options the step's timeout and request id
 */
public record StepBody(JsonNode action, StepOptions options) {

    /**
     * Checks a parsed body.
     *
     * @throws InvalidInputException with every issue found, located from the body's root (a route puts
     *     {@code body} in front)
     */
    public static StepBody parse(JsonNode body) {
        var issues = new ArrayList<ValidationIssue>();
        if (body == null || !body.isObject()) {
            throw new InvalidInputException(List.of(new ValidationIssue(
                    "model_attributes_type",
                    List.of(),
                    "Input should be a valid dictionary or object to extract fields from",
                    body == null ? null : WireJson.toPlain(body))));
        }
        JsonNode actionNode = body.get("action");
        if (actionNode == null) {
            issues.add(new ValidationIssue("missing", List.of("action"), "Field required", WireJson.toPlain(body)));
        } else if (!actionNode.isObject()) {
            issues.add(new ValidationIssue(
                    "dict_type",
                    List.of("action"),
                    "Input should be a valid dictionary",
                    WireJson.toPlain(actionNode)));
        }
        Duration timeout = null;
        JsonNode timeoutNode = body.get("timeout_s");
        if (timeoutNode != null && !timeoutNode.isNull()) {
            if (!timeoutNode.isNumber()
                    || !(timeoutNode.doubleValue() > 0)
                    || !Double.isFinite(timeoutNode.doubleValue())) {
                issues.add(new ValidationIssue(
                        "greater_than",
                        List.of("timeout_s"),
                        "Input should be greater than 0",
                        WireJson.toPlain(timeoutNode)));
            } else {
                timeout = Duration.ofNanos((long) (timeoutNode.doubleValue() * 1e9));
            }
        }
        String requestId = null;
        JsonNode requestIdNode = body.get("request_id");
        if (requestIdNode != null && !requestIdNode.isNull()) {
            if (!requestIdNode.isString() || requestIdNode.stringValue().length() > 255) {
                issues.add(new ValidationIssue(
                        "string_type",
                        List.of("request_id"),
                        "Input should be a string of at most 255 characters",
                        WireJson.toPlain(requestIdNode)));
            } else {
                requestId = requestIdNode.stringValue();
            }
        }
        if (!issues.isEmpty()) {
            throw new InvalidInputException(issues);
        }
        return new StepBody(actionNode, new StepOptions(timeout, requestId));
    }
}
