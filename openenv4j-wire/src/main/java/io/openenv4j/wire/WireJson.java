package io.openenv4j.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolError;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON configuration of OpenEnv4j: snake_case field names (as the Python reference writes them),
 * {@code null}s written out, unknown keys ignored when reading, and the {@code NaN}/{@code Infinity}
 * literals that Python's {@code json.dumps} can emit accepted.
 *
 * <p>Thread-safe: the mapper is immutable and shared.
 */
public final class WireJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("openenv4j-wire").addSerializer(ToolError.Kind.class, new KindSerializer()))
            .addMixIn(Tool.class, ToolMixIn.class)
            .addMixIn(EnvironmentMetadata.class, MetadataMixIn.class)
            .build();

    private WireJson() {}

    /** The shared mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static final java.util.regex.Pattern LIBRARY_DETAIL = java.util.regex.Pattern.compile(
            ",?\\s*from `[^`]*`|\\b(?:tools|com\\.fasterxml)\\.jackson(?:\\.[A-Za-z_$][\\w$]*)+|\\bStreamReadConstraints\\S*");

    /**
     * What was wrong with a JSON text, for the client: the parser's reason and where, without the names of
     * our JSON library's classes or settings (which tell an attacker what to aim at).
     */
    public static String describe(tools.jackson.core.JacksonException e) {
        String reason = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
        reason = LIBRARY_DETAIL
                .matcher(reason)
                .replaceAll("")
                .replace("()", "")
                .replaceAll("\\s+\\)", ")")
                .strip();
        var location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            reason += " at line " + location.getLineNr() + " column " + location.getColumnNr();
        }
        return reason;
    }

    /** Parses JSON text; throws {@link JacksonException} when it is not JSON. */
    public static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }

    /** Compact JSON text of a value or tree. */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** The wire (snake_case) name of a Java property name. */
    public static String wireName(String javaName) {
        return PropertyNamingStrategies.SNAKE_CASE.nameForField(null, null, javaName);
    }

    /** A JSON tree as plain Java values ({@code Map}, {@code List}, {@code String}, {@code Number}, …). */
    public static Object toPlain(JsonNode node) {
        return MAPPER.treeToValue(node, Object.class);
    }

    private static final class KindSerializer extends ValueSerializer<ToolError.Kind> {
        @Override
        public void serialize(ToolError.Kind value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(value.wireName());
        }
    }

    /**
     * Keeps a tool's output schema out of OpenEnv's own shapes ({@code list_tools} observations), which carry
     * exactly {@code name}, {@code description} and {@code input_schema}, as the reference's {@code Tool} model.
     */
    private interface ToolMixIn {
        @JsonIgnore
        Map<String, Object> outputSchema();
    }

    /**
     * {@code measured_fields} is an OpenEnv4j addition to {@code /metadata}: sent only when an environment
     * declares measured fields, so the metadata of every other environment is exactly the reference's shape.
     */
    private interface MetadataMixIn {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<String> measuredFields();
    }
}
