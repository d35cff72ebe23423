package io.openenv4j.wire;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts one environment's actions, observations and state between Java and the wire, in both
 * directions: the server decodes actions and encodes step payloads, the client does the opposite.
 *
 * <p>Decoding of actions is strict in the reference's way (see {@link #decodeAction}); decoding of
 * observations and state is tolerant (unknown keys ignored, {@code reward} as number, boolean or null).
 * Thread-safe and immutable.
 */
public final class EnvCodec<A, O, S> {

    private static final List<String> LIFTED = List.of("reward", "done", "metadata");
    /** Keys of an observation that go to the step payload instead ({@code metadata} goes to both). */
    private static final List<String> OUTSIDE = List.of("reward", "done");

    private final Class<A> actionType;
    private final Class<O> observationType;
    private final Class<S> stateType;
    /** Whether observations can be written straight to a generator: no key of theirs needs lifting out. */
    private final boolean directObservation;

    private EnvCodec(Class<A> actionType, Class<O> observationType, Class<S> stateType) {
        this.actionType = Objects.requireNonNull(actionType, "actionType");
        this.observationType = Objects.requireNonNull(observationType, "observationType");
        this.stateType = Objects.requireNonNull(stateType, "stateType");
        this.directObservation = writesNoLiftedKey(observationType);
    }

    /**
     * Whether a record's JSON can never hold {@code reward}, {@code done} or {@code metadata}: it has no
     * component and no public method that Jackson could turn into such a property.
     */
    private static boolean writesNoLiftedKey(Class<?> type) {
        if (!type.isRecord() || type == ToolObservation.class) {
            return false;
        }
        var suspicious =
                java.util.Set.of("reward", "done", "metadata", "getReward", "getDone", "isDone", "getMetadata");
        for (var component : type.getRecordComponents()) {
            if (LIFTED.contains(WireJson.wireName(component.getName()))) {
                return false;
            }
        }
        for (var method : type.getMethods()) {
            if (suspicious.contains(method.getName())) {
                return false;
            }
        }
        return true;
    }

    public static <A, O, S> EnvCodec<A, O, S> of(Class<A> actionType, Class<O> observationType, Class<S> stateType) {
        return new EnvCodec<>(actionType, observationType, stateType);
    }

    public static <A, O, S> EnvCodec<A, O, S> of(EnvSpec<A, O, S> spec) {
        return of(spec.actionType(), spec.observationType(), spec.stateType());
    }

    // ---- actions -------------------------------------------------------------------------------

    /**
     * Decodes an action object (the {@code data} of a {@code step} frame, or {@code action} of {@code POST
     * /step}). Unknown keys are rejected, {@code metadata} is accepted and dropped, values are coerced with
     * pydantic's lax rules; tool environments take {@code list_tools} and {@code call_tool} actions.
     *
     * @throws InvalidInputException listing every problem, with locations relative to the action
     */
    public A decodeAction(JsonNode action) {
        if (actionType == ToolAction.class) {
            return actionType.cast(decodeToolAction(action));
        }
        if (action instanceof ObjectNode object) {
            Object bound = FastBinder.bind(object, actionType);
            if (bound != null) {
                return actionType.cast(bound);
            }
        }
        if (!action.isObject()) {
            throw new InvalidInputException(List.of(new ValidationIssue(
                    "model_type",
                    List.of(),
                    "Input should be a valid dictionary or instance of " + actionType.getSimpleName(),
                    WireJson.toPlain(action))));
        }
        JsonNode bound = LaxBinder.bind(action, actionType);
        try {
            return WireJson.mapper().treeToValue(bound, actionType);
        } catch (tools.jackson.core.JacksonException e) {
            // The record's own constructor refused the values (its compact constructor validates).
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidInputException(List.of(new ValidationIssue(
                    "value_error",
                    List.of(),
                    "Value error, "
                            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                    WireJson.toPlain(action))));
        }
    }

    /**
     * Encodes an action for a {@code step} frame (client side). A record component that is {@code null} is
     * left out rather than sent as {@code null}: the receiving model then applies its default, as a Python
     * client's {@code model_dump} would have sent it (a reference server rejects {@code null} for a
     * {@code str} field). Map actions are sent as they are.
     */
    public ObjectNode encodeAction(A action) {
        if (action instanceof ToolAction toolAction) {
            return encodeToolAction(toolAction);
        }
        JsonNode tree = WireJson.mapper().valueToTree(action);
        if (!tree.isObject()) {
            throw new IllegalArgumentException("an action must encode as a JSON object, got " + tree);
        }
        if (action.getClass().isRecord()) {
            dropNulls(tree);
        }
        return (ObjectNode) tree;
    }

    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(entry -> entry.getValue().isNull());
            object.forEach(EnvCodec::dropNulls);
        } else if (node.isArray()) {
            node.forEach(EnvCodec::dropNulls);
        }
    }

    private static ToolAction decodeToolAction(JsonNode action) {
        if (!action.isObject()) {
            throw new InvalidInputException(List.of(new ValidationIssue(
                    "model_type",
                    List.of(),
                    "Input should be a valid dictionary or instance of CallToolAction",
                    WireJson.toPlain(action))));
        }
        JsonNode type = action.get("type");
        String kind = type == null ? "call_tool" : type.isString() ? type.stringValue() : "";
        var issues = new ArrayList<ValidationIssue>();
        switch (kind) {
            case "list_tools" -> {
                rejectExtra(action, List.of("type", "metadata"), issues);
                if (issues.isEmpty()) {
                    return ToolAction.listTools();
                }
            }
            case "call_tool" -> {
                JsonNode name = action.get("tool_name");
                if (name == null) {
                    issues.add(new ValidationIssue(
                            "missing", List.of("tool_name"), "Field required", WireJson.toPlain(action)));
                } else if (!name.isString()) {
                    issues.add(new ValidationIssue(
                            "string_type",
                            List.of("tool_name"),
                            "Input should be a valid string",
                            WireJson.toPlain(name)));
                }
                JsonNode arguments = action.get("arguments");
                if (arguments != null && arguments.isString()) {
                    // openenv 0.5+: arguments may arrive as a JSON string (from web forms); parsed first.
                    arguments = parsedArguments(arguments);
                }
                if (arguments != null && !arguments.isObject()) {
                    issues.add(new ValidationIssue(
                            "dict_type",
                            List.of("arguments"),
                            "Input should be a valid dictionary",
                            WireJson.toPlain(arguments)));
                }
                rejectExtra(action, List.of("type", "metadata", "tool_name", "arguments"), issues);
                if (issues.isEmpty()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> args =
                            arguments == null ? Map.of() : (Map<String, Object>) WireJson.toPlain(arguments);
                    return ToolAction.callTool(name.stringValue(), args);
                }
            }
            default ->
                issues.add(new ValidationIssue(
                        "literal_error", List.of("type"), "Input should be 'call_tool'", WireJson.toPlain(type)));
        }
        throw new InvalidInputException(issues);
    }

    /** A JSON string holding an object becomes that object; anything else stays as it was (and is refused). */
    private static JsonNode parsedArguments(JsonNode text) {
        try {
            JsonNode parsed = WireJson.parse(text.stringValue());
            return parsed.isObject() ? parsed : text;
        } catch (RuntimeException e) {
            return text;
        }
    }

    private static void rejectExtra(JsonNode action, List<String> allowed, List<ValidationIssue> issues) {
        for (String key : action.propertyNames()) {
            if (!allowed.contains(key)) {
                issues.add(new ValidationIssue(
                        "extra_forbidden",
                        List.of(key),
                        "Extra inputs are not permitted",
                        WireJson.toPlain(action.get(key))));
            }
        }
    }

    private static ObjectNode encodeToolAction(ToolAction action) {
        var node = WireJson.object();
        switch (action) {
            case ToolAction.ListTools ignored -> node.put("type", "list_tools");
            case ToolAction.CallTool call -> {
                node.put("type", "call_tool");
                node.put("tool_name", call.toolName());
                node.set("arguments", WireJson.mapper().valueToTree(call.arguments()));
            }
        }
        return node;
    }

    // ---- observations ----------------------------------------------------------------------------

    /**
     * The step payload {@code {"observation":…,"reward":…,"done":…}} of a reset or step result, as the newest
     * reference's {@code serialize_observation} writes it: the observation carries {@code metadata} ({@code {}} when
     * it has none, first, where pydantic dumps the base field), and the payload repeats it beside the observation
     * when it is not empty. HTTP adds {@code "metadata": null} when empty ({@link #encodeHttpStep}).
     */
    public ObjectNode encodeStep(Step<O> step) {
        var payload = WireJson.object();
        ObjectNode observation = encodeObservation(step.observation());
        payload.set("observation", observation);
        if (step.reward() == null) {
            payload.putNull("reward");
        } else {
            payload.put("reward", step.reward().doubleValue());
        }
        payload.put("done", step.done());
        JsonNode metadata = observation.get("metadata");
        if (metadata instanceof ObjectNode object && !object.isEmpty()) {
            // openenv 0.4+: an observation's metadata stays in the observation and, when not empty, is also
            // sent next to it.
            payload.set("metadata", metadata);
        }
        return payload;
    }

    /**
     * The body of {@code POST /reset} and {@code POST /step}: {@link #encodeStep} with {@code metadata} always
     * present, {@code null} when the observation's is empty, as the newest reference's {@code ResetResponse} and
     * {@code StepResponse} models write it.
     */
    public ObjectNode encodeHttpStep(Step<O> step) {
        ObjectNode payload = encodeStep(step);
        if (!payload.has("metadata")) {
            payload.putNull("metadata");
        }
        return payload;
    }

    /**
     * Writes the step payload of {@link #encodeStep} to {@code generator} (one JSON object, the same text as
     * writing {@code encodeStep(step)}), without building a tree when the observation type allows it. The
     * generator must come from {@link WireJson#mapper()}.
     */
    public void writeStep(Step<O> step, tools.jackson.core.JsonGenerator generator) {
        generator.writeStartObject();
        generator.writeName("observation");
        JsonNode metadata = null;
        if (directObservation) {
            // No key to lift out: the record's own JSON, with the reference's empty metadata put first.
            String own = WireJson.mapper().writeValueAsString(step.observation());
            generator.writeRawValue(own.equals("{}") ? "{\"metadata\":{}}" : "{\"metadata\":{}," + own.substring(1));
        } else {
            ObjectNode observation = encodeObservation(step.observation());
            metadata = observation.get("metadata");
            generator.writeTree(observation);
        }
        generator.writeName("reward");
        if (step.reward() == null) {
            generator.writeNull();
        } else {
            generator.writeNumber(step.reward().doubleValue());
        }
        generator.writeName("done");
        generator.writeBoolean(step.done());
        if (metadata instanceof ObjectNode object && !object.isEmpty()) {
            generator.writeName("metadata");
            generator.writeTree(object);
        }
        generator.writeEndObject();
    }

    /**
     * The whole {@code /ws} reply to a reset or step, {@code {"type":"observation","data":<step payload>}}:
     * the same text as {@code new ServerMessage.Observation(encodeStep(step)).toJson()}, written in one pass.
     */
    public String encodeStepFrame(Step<O> step) {
        var out = new java.io.StringWriter(128);
        try (var generator = WireJson.mapper().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringProperty("type", "observation");
            generator.writeName("data");
            writeStep(step, generator);
            generator.writeEndObject();
        }
        return out.toString();
    }

    private ObjectNode encodeObservation(O observation) {
        JsonNode tree = WireJson.mapper().valueToTree(observation);
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalStateException("an observation must encode as a JSON object, got " + tree.getNodeType());
        }
        OUTSIDE.forEach(object::remove);
        // The reference's Observation always has a metadata dict ({} by default), dumped before the subclass's
        // fields: ours goes first too, {} when the observation has none (or one that is not a dict of metadata).
        JsonNode metadata = object.remove("metadata");
        var ordered = WireJson.object();
        if (metadata instanceof ObjectNode dict) {
            ordered.set("metadata", dict);
        } else {
            ordered.putObject("metadata");
        }
        ordered.setAll(object);
        return ordered;
    }

    /** Decodes a step payload (client side), tolerating unknown keys and any reward type. */
    public Step<O> decodeStep(JsonNode payload) {
        JsonNode observation = payload.path("observation");
        if (!observation.isObject()) {
            observation = WireJson.object();
        }
        O decoded = decodeObservation(observation);
        return new Step<>(
                decoded, reward(payload.get("reward")), payload.path("done").asBoolean(false));
    }

    @SuppressWarnings("unchecked")
    private O decodeObservation(JsonNode observation) {
        if (observationType == ToolObservation.class) {
            return (O) decodeToolObservation(observation);
        }
        return WireJson.mapper().treeToValue(observation, observationType);
    }

    static Double reward(JsonNode reward) {
        if (reward == null || reward.isNull()) {
            return null;
        }
        if (reward.isBoolean()) {
            return reward.booleanValue() ? 1.0 : 0.0;
        }
        if (reward.isNumber()) {
            double value = reward.doubleValue();
            return Double.isFinite(value) ? value : null;
        }
        return null;
    }

    private static ToolObservation decodeToolObservation(JsonNode observation) {
        if (observation.has("tools")) {
            var tools = new ArrayList<Tool>();
            for (JsonNode tool : observation.path("tools")) {
                tools.add(decodeTool(tool));
            }
            return new ToolObservation.ToolList(tools);
        }
        if (observation.has("tool_name")) {
            String name = observation.path("tool_name").asString("");
            JsonNode error = observation.get("error");
            if (error != null && error.isObject()) {
                return new ToolObservation.ToolCallOutcome(
                        name,
                        null,
                        new ToolError(
                                errorKind(error.path("error_type").asString("")),
                                error.path("message").asString("")));
            }
            return new ToolObservation.ToolCallOutcome(name, decodeToolResult(observation.path("result")), null);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (observation.get("metadata") instanceof ObjectNode object) {
            object.properties().forEach(entry -> metadata.put(entry.getKey(), WireJson.toPlain(entry.getValue())));
        }
        return new ToolObservation.Ready(metadata);
    }

    /** Decodes one tool description, accepting {@code input_schema} and {@code inputSchema}. */
    @SuppressWarnings("unchecked")
    public static Tool decodeTool(JsonNode tool) {
        JsonNode schema = tool.has("input_schema") ? tool.get("input_schema") : tool.get("inputSchema");
        return new Tool(
                tool.path("name").asString(""),
                tool.path("description").asString(""),
                schema != null && schema.isObject() ? (Map<String, Object>) WireJson.toPlain(schema) : null);
    }

    /** Decodes a tool result in either casing ({@code structured_content} or {@code structuredContent}). */
    @SuppressWarnings("unchecked")
    public static ToolResult decodeToolResult(JsonNode result) {
        if (result == null || !result.isObject()) {
            return new ToolResult(List.of(), null, null, result == null ? null : WireJson.toPlain(result), false);
        }
        var content = new ArrayList<ToolResult.Content>();
        for (JsonNode block : result.path("content")) {
            content.add(new ToolResult.Content(
                    block.path("type").asString("text"),
                    block.path("text").isString() ? block.path("text").stringValue() : null,
                    null,
                    null));
        }
        JsonNode structured =
                result.has("structured_content") ? result.get("structured_content") : result.get("structuredContent");
        JsonNode meta = result.get("meta") != null ? result.get("meta") : result.get("_meta");
        JsonNode isError = result.has("is_error") ? result.get("is_error") : result.get("isError");
        Object data = result.has("data") ? WireJson.toPlain(result.get("data")) : null;
        return new ToolResult(
                content,
                structured != null && structured.isObject() ? (Map<String, Object>) WireJson.toPlain(structured) : null,
                meta != null && meta.isObject() ? (Map<String, Object>) WireJson.toPlain(meta) : null,
                data,
                isError != null && isError.asBoolean(false));
    }

    private static ToolError.Kind errorKind(String wireName) {
        for (ToolError.Kind kind : ToolError.Kind.values()) {
            if (kind.wireName().equals(wireName)) {
                return kind;
            }
        }
        return ToolError.Kind.EXECUTION_ERROR;
    }

    // ---- state ------------------------------------------------------------------------------------

    public JsonNode encodeState(S state) {
        return WireJson.mapper().valueToTree(state);
    }

    public S decodeState(JsonNode state) {
        return WireJson.mapper().treeToValue(state, stateType);
    }

    // ---- reset ------------------------------------------------------------------------------------

    /** How a reset's arguments are checked: as the reference checks them on HTTP, or as over WebSocket. */
    public enum ResetValidation {
        /** {@code seed} non-negative and {@code episode_id} at most 255 characters (the HTTP route's model). */
        STRICT,
        /** Any integer seed and any episode id (the WebSocket path, which the reference does not validate). */
        LENIENT
    }

    /**
     * Decodes the arguments of a reset. {@code seed} must be an integer (integral numbers and integer
     * strings are coerced) and, when {@link ResetValidation#STRICT}, non-negative; {@code episode_id} a string
     * of at most 255 characters when strict. Every other key becomes an option.
     *
     * @param validation {@link ResetValidation#STRICT} on the HTTP route (the reference validates there),
     *     {@link ResetValidation#LENIENT} over WebSocket (where it does not)
     * @throws InvalidInputException with locations relative to the request body
     */
    public static ResetRequest decodeReset(JsonNode body, ResetValidation validation) {
        boolean strict = java.util.Objects.requireNonNull(validation, "validation") == ResetValidation.STRICT;
        if (body == null || body.isNull() || body.isMissingNode()) {
            return ResetRequest.empty();
        }
        if (!body.isObject()) {
            throw new InvalidInputException(List.of(new ValidationIssue(
                    "model_attributes_type",
                    List.of(),
                    "Input should be a valid dictionary or object to extract fields from",
                    WireJson.toPlain(body))));
        }
        var issues = new ArrayList<ValidationIssue>();
        Long seed = null;
        JsonNode seedNode = body.get("seed");
        if (seedNode != null && !seedNode.isNull()) {
            try {
                seed = LaxBinder.bind(seedNode, Long.class).longValue();
                if (strict && seed < 0) {
                    issues.add(new ValidationIssue(
                            "greater_than_equal", List.of("seed"), "Input should be greater than or equal to 0", seed));
                }
            } catch (InvalidInputException e) {
                e.issues().forEach(issue -> issues.add(issue.under("seed")));
            }
        }
        String episodeId = null;
        JsonNode idNode = body.get("episode_id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isString()) {
                issues.add(new ValidationIssue(
                        "string_type",
                        List.of("episode_id"),
                        "Input should be a valid string",
                        WireJson.toPlain(idNode)));
            } else if (strict && idNode.stringValue().length() > 255) {
                issues.add(new ValidationIssue(
                        "string_too_long",
                        List.of("episode_id"),
                        "String should have at most 255 characters",
                        idNode.stringValue()));
            } else {
                episodeId = idNode.stringValue();
            }
        }
        if (!issues.isEmpty()) {
            throw new InvalidInputException(issues);
        }
        var options = new LinkedHashMap<String, Object>();
        for (var entry : body.properties()) {
            if (!entry.getKey().equals("seed") && !entry.getKey().equals("episode_id")) {
                options.put(entry.getKey(), WireJson.toPlain(entry.getValue()));
            }
        }
        return new ResetRequest(seed, episodeId, options);
    }

    /** The arguments of a reset as the {@code data} of a {@code reset} frame (client side). */
    public static ObjectNode encodeReset(ResetRequest request) {
        var data = WireJson.object();
        if (request.seed() != null) {
            data.put("seed", request.seed().longValue());
        }
        if (request.episodeId() != null) {
            data.put("episode_id", request.episodeId());
        }
        request.options()
                .forEach((key, value) -> data.set(key, WireJson.mapper().valueToTree(value)));
        return data;
    }

    // ---- schema -----------------------------------------------------------------------------------

    /**
     * {@code GET /schema}: the JSON Schemas of action, observation, state and reset observation, in the order of
     * the newest reference's {@code SchemaResponse}. {@code reset_observation} is what a reset returns: the
     * observation schema, except for tool environments, whose reset observation is the reference's bare
     * {@code Observation} ({@code {"metadata":{}}}) and not a tool list or a call's outcome. An observation's and
     * a state's {@code required} list every component (all are always sent, {@code null} where a non-primitive
     * value is absent), as pydantic lists every field without a default; an action's lists those a client must
     * send (primitives and {@link io.openenv4j.core.Required} components: the others have defaults).
     */
    public ObjectNode schema() {
        var schema = WireJson.object();
        schema.set("action", actionSchema());
        ObjectNode observation =
                withObservationBase(JsonSchemas.of(observationType, JsonSchemas.UnknownKeys.FORBIDDEN));
        schema.set("observation", observation);
        ObjectNode state = JsonSchemas.of(stateType, JsonSchemas.UnknownKeys.ALLOWED);
        allowNulls(state, List.of());
        forEachRecordSchema(state, object -> allowNulls(object, List.of()));
        requireEveryField(state, List.of());
        schema.set("state", state);
        schema.set(
                "reset_observation",
                observationType == ToolObservation.class ? bareObservation() : observation.deepCopy());
        return schema;
    }

    /** The reference's base {@code Observation} schema: what a tool environment's reset returns. */
    private static ObjectNode bareObservation() {
        var schema = WireJson.object();
        schema.put("additionalProperties", false);
        schema.putObject("properties");
        ObjectNode base = withObservationBase(schema);
        base.put("description", "Base class for all environment observations.");
        base.put("title", "Observation");
        base.put("type", "object");
        return base;
    }

    private static void forEachRecordSchema(ObjectNode schema, java.util.function.Consumer<ObjectNode> action) {
        if (schema.get("$defs") instanceof ObjectNode defs) {
            defs.forEach(def -> {
                if (def instanceof ObjectNode object) {
                    action.accept(object);
                }
            });
        }
    }

    /**
     * Puts every property of a record's schema, and of the records nested in it, into its {@code required} list
     * (in property order), except {@code optional}: what the server always sends has no default to fall back on.
     */
    private static void requireEveryField(ObjectNode schema, List<String> optional) {
        java.util.function.BiConsumer<ObjectNode, List<String>> require = (object, skip) -> {
            if (!(object.get("properties") instanceof ObjectNode properties) || properties.isEmpty()) {
                return;
            }
            var required = object.arrayNode();
            properties.propertyNames().forEach(name -> {
                if (!skip.contains(name)) {
                    required.add(name);
                }
            });
            if (required.isEmpty()) {
                object.remove("required");
            } else {
                object.set("required", required);
            }
        };
        require.accept(schema, optional);
        forEachRecordSchema(schema, object -> require.accept(object, List.of()));
    }

    /**
     * An observation schema with the reference's base fields first ({@code done}, {@code reward}, {@code
     * metadata}, as pydantic writes them for {@code Observation}): the newest {@code openenv validate} checks
     * each observation joined with its step's {@code reward} and {@code done} against this schema, so a closed
     * schema without them would refuse every observation.
     */
    private static ObjectNode withObservationBase(ObjectNode schema) {
        if (!(schema.get("properties") instanceof ObjectNode own)) {
            return schema;
        }
        var properties = WireJson.object();
        properties
                .putObject("done")
                .put("default", false)
                .put("description", "Whether the episode has terminated")
                .put("title", "Done")
                .put("type", "boolean");
        var reward = properties.putObject("reward");
        var kinds = reward.putArray("anyOf");
        for (String kind : List.of("boolean", "integer", "number", "null")) {
            kinds.addObject().put("type", kind);
        }
        reward.putNull("default");
        reward.put("description", "Reward signal from the last action").put("title", "Reward");
        properties
                .putObject("metadata")
                .put("additionalProperties", true)
                .put("description", "Additional metadata for the observation")
                .put("title", "Metadata")
                .put("type", "object");
        own.properties().forEach(entry -> properties.set(entry.getKey(), entry.getValue()));
        schema.set("properties", properties);
        allowNulls(schema, List.of("done", "reward", "metadata"));
        forEachRecordSchema(schema, object -> allowNulls(object, List.of()));
        requireEveryField(schema, List.of("done", "reward", "metadata"));
        return schema;
    }

    /**
     * Lets every optional property of an object schema be {@code null} ({@code "type": [<type>, "null"]}, or
     * {@code anyOf} with {@code {"type":"null"}} for a nested record): a record component that is not primitive
     * may be sent as {@code null}, and the reference's graders validate observations as they are sent.
     */
    private static void allowNulls(ObjectNode schema, List<String> skip) {
        if (!(schema.get("properties") instanceof ObjectNode properties)) {
            return;
        }
        var required = new java.util.HashSet<String>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        for (String name : List.copyOf(properties.propertyNames())) {
            if (skip.contains(name)
                    || required.contains(name)
                    || !(properties.get(name) instanceof ObjectNode property)) {
                continue;
            }
            if (property.get("type") instanceof JsonNode type
                    && type.isString()
                    && !type.stringValue().equals("null")) {
                property.putArray("type").add(type.stringValue()).add("null");
                if (property.get("enum") instanceof tools.jackson.databind.node.ArrayNode values) {
                    values.addNull();
                }
            } else if (property.has("$ref")) {
                var inner = WireJson.object();
                inner.set("$ref", property.remove("$ref"));
                property.putArray("anyOf").add(inner).addObject().put("type", "null");
            }
        }
    }

    private ObjectNode actionSchema() {
        if (actionType == ToolAction.class) {
            return ToolSchemas.toolAction();
        }
        ObjectNode schema = JsonSchemas.of(actionType, JsonSchemas.UnknownKeys.FORBIDDEN);
        if (schema.path("properties").isObject() && !schema.path("properties").has("metadata")) {
            var metadata = ((ObjectNode) schema.get("properties")).putObject("metadata");
            metadata.put("type", "object");
            metadata.put("additionalProperties", true);
            metadata.put("title", "Metadata");
        }
        return schema;
    }
}
