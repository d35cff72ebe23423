package io.openenv4j.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.core.Description;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolResult;
import io.openenv4j.wire.WireJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tools API for environment authors: annotated methods, typed builder handlers, hand-written tools. */
class ToolboxTest {

    enum Colour {
        RED,
        GREEN
    }

    record Point(int x, int y) {}

    record Label(String text, @Description("How loud") Integer volume) {}

    record Sum(long total, String note) {}

    static final class Tools {
        @ToolMethod(description = "Adds two integers.")
        public long add(long a, long b) {
            return a + b;
        }

        @ToolMethod(name = "paint", description = "Paints points.")
        public Map<String, Object> paintPoints(
                @ToolArg(required = true) List<Point> points,
                @Description("The colour") Colour colour,
                @ToolArg("tag_name") String tag) {
            var out = new LinkedHashMap<String, Object>();
            out.put("count", points.size());
            out.put("colour", colour == null ? null : colour.name());
            out.put("tag", tag);
            return out;
        }

        @ToolMethod(description = "Labels things.")
        public Label label(@ToolArg(required = true) String text) {
            return new Label(text, null);
        }

        @ToolMethod(description = "Fails.")
        public String explode() {
            throw new IllegalStateException("kaboom");
        }

        @ToolMethod(description = "Refuses.")
        public String refuse() throws ToolCallException {
            throw ToolCallException.invalidArguments("not today");
        }

        @ToolMethod(description = "Returns nothing.")
        public Label nothing() {
            return null;
        }

        @ToolMethod(description = "Does something.")
        public void fireAndForget() {}

        public String notATool() {
            return "x";
        }
    }

    private final Toolbox toolbox = Toolbox.of(new Tools());

    @Test
    void annotatedMethodsBecomeToolsInNameOrder() {
        assertThat(toolbox.tools())
                .extracting(Tool::name)
                .containsExactly("add", "explode", "fire_and_forget", "label", "nothing", "paint", "refuse");
    }

    @Test
    void inputSchemaIsGeneratedFromParameterTypes() {
        Map<String, Object> schema = tool("paint").inputSchema();

        assertThat(WireJson.write(schema))
                .isEqualTo("{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                        + "\"points\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Point\"}},"
                        + "\"colour\":{\"enum\":[\"RED\",\"GREEN\"],\"type\":\"string\",\"description\":\"The colour\"},"
                        + "\"tag_name\":{\"type\":\"string\"}},\"required\":[\"points\"],"
                        + "\"$defs\":{\"Point\":{\"properties\":{\"x\":{\"type\":\"integer\",\"title\":\"X\"},"
                        + "\"y\":{\"type\":\"integer\",\"title\":\"Y\"}},\"required\":[\"x\",\"y\"],\"title\":\"Point\","
                        + "\"type\":\"object\",\"additionalProperties\":false}}}");
        assertThat(tool("add").inputSchema().get("required")).isEqualTo(List.of("a", "b"));
    }

    @Test
    void outputSchemaFollowsTheReturnType() {
        assertThat(WireJson.write(tool("add").outputSchema()))
                .isEqualTo("{\"type\":\"object\",\"additionalProperties\":true,"
                        + "\"properties\":{\"result\":{\"type\":\"integer\"}},\"required\":[\"result\"]}");
        assertThat(tool("label").outputSchema().get("properties")).isInstanceOf(Map.class);
        assertThat(tool("paint").outputSchema()).containsEntry("type", "object");
        assertThat(tool("fire_and_forget").outputSchema()).isNull();
    }

    @Test
    void argumentsAreCoercedLaxlyBeforeTheMethodRuns() throws Exception {
        ToolResult sum = toolbox.call("add", Map.of("a", "2", "b", 3.0));
        ToolResult painted =
                toolbox.call("paint", Map.of("points", List.of(Map.of("x", "1", "y", 2)), "colour", "green"));

        assertThat(sum.data()).isEqualTo(5L);
        assertThat(sum.structuredContent()).isEqualTo(Map.of("result", 5L));
        assertThat(sum.content().get(0).text()).isEqualTo("5");
        assertThat(painted.structuredContent())
                .containsEntry("count", 1)
                .containsEntry("colour", "GREEN")
                .containsEntry("tag", null);
    }

    @Test
    void invalidArgumentsAreOneInvalidArgsErrorNamingEveryProblem() {
        assertThatThrownBy(() -> toolbox.call("add", Map.of("a", 1.5, "z", 1)))
                .isInstanceOfSatisfying(ToolCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ToolError.Kind.INVALID_ARGS);
                    assertThat(e.getMessage())
                            .startsWith("Invalid arguments for tool 'add': ")
                            .contains("'a': Input should be a valid integer, got a number with a fractional part")
                            .contains("'b': Missing required argument")
                            .contains("'z': Unexpected keyword argument");
                });
        assertThatThrownBy(() -> toolbox.call("paint", Map.of("points", List.of(Map.of("x", 1)), "colour", "blue")))
                .hasMessageContaining("'points[0].y': Field required")
                .hasMessageContaining("'colour': Input should be 'red', 'green'");
        assertThatThrownBy(() -> toolbox.call("label", Map.of("text", 5)))
                .hasMessageContaining("'text': Input should be a valid string");
    }

    @Test
    void recordsBecomeStructuredContentWithoutNulls() throws Exception {
        ToolResult result = toolbox.call("label", Map.of("text", "hi"));

        assertThat(result.structuredContent()).isEqualTo(Map.of("text", "hi"));
        assertThat(result.content().get(0).text()).isEqualTo("{\"text\":\"hi\"}");
        assertThat(result.meta()).isNull();
        assertThat(result.isError()).isFalse();
    }

    @Test
    void scalarsAreWrappedAsResult() {
        ToolResult text = Toolbox.shape("hi");
        ToolResult colour = Toolbox.shape(Colour.RED);

        assertThat(text.structuredContent()).isEqualTo(Map.of("result", "hi"));
        assertThat(text.content().get(0).text()).isEqualTo("hi");
        assertThat(text.meta()).isEqualTo(Map.of("fastmcp", Map.of("wrap_result", true)));
        assertThat(colour.data()).isEqualTo("RED");
    }

    @Test
    void toolExceptionsBecomeErrorResults() throws Exception {
        ToolResult result = toolbox.call("explode", Map.of());

        assertThat(result.isError()).isTrue();
        assertThat(result.content().get(0).text()).isEqualTo("Error calling tool 'explode': kaboom");
    }

    @Test
    void aToolCallExceptionFromATool() {
        assertThatThrownBy(() -> toolbox.call("refuse", Map.of()))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("not today");
    }

    @Test
    void noValueWhereTheOutputSchemaPromisesOneIsAnErrorResult() throws Exception {
        assertThat(toolbox.call("nothing", Map.of()).isError()).isTrue();
        ToolResult empty = toolbox.call("fire_and_forget", Map.of());
        assertThat(empty.isError()).isFalse();
        assertThat(empty.content()).isEmpty();
    }

    @Test
    void unknownToolIsToolNotFound() {
        assertThatThrownBy(() -> toolbox.call("nope", Map.of()))
                .isInstanceOfSatisfying(
                        ToolCallException.class, e -> assertThat(e.kind()).isEqualTo(ToolError.Kind.TOOL_NOT_FOUND));
    }

    record AddArgs(
            long a,
            @ToolArg(required = true) @Description("A note") String note,
            String extra) {
        AddArgs {
            if (a < 0) {
                throw new IllegalArgumentException("a must not be negative");
            }
        }
    }

    @Test
    void typedBuilderToolsTakeAnArgumentsRecord() throws Exception {
        Toolbox built = Toolbox.builder()
                .tool("sum", "Sums.", AddArgs.class, Sum.class, args -> new Sum(args.a() + 1, args.note()))
                .tool("echo", "Echoes.", AddArgs.class, args -> args.note())
                .build();

        Tool sum = built.tools().get(0);
        assertThat(sum.inputSchema().get("required")).isEqualTo(List.of("a", "note"));
        assertThat(sum.outputSchema()).isNotNull();
        assertThat(built.tools().get(1).outputSchema()).isNull();
        assertThat(built.call("sum", Map.of("a", "4", "note", "n")).structuredContent())
                .isEqualTo(Map.of("total", 5L, "note", "n"));
        assertThatThrownBy(() -> built.call("sum", Map.of("a", 1)))
                .hasMessageContaining("'note': Missing required argument");
        assertThatThrownBy(() -> built.call("sum", Map.of("a", -1, "note", "n")))
                .isInstanceOf(ToolCallException.class)
                .hasMessageContaining("a must not be negative");
    }

    @Test
    void reservedAndDuplicateNamesAreRefusedAtConstruction() {
        final class Sneaky {
            @ToolMethod(description = "Not allowed.")
            public void reset() {}
        }
        final class Twice {
            @ToolMethod(name = "add", description = "Again.")
            public long addAgain(long a) {
                return a;
            }
        }

        assertThatThrownBy(() -> Toolbox.of(new Sneaky()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'reset' is reserved");
        assertThatThrownBy(() -> Toolbox.of(new Tools(), new Twice())).hasMessageContaining("duplicate tool 'add'");
        for (String reserved : List.of("reset", "step", "state", "close")) {
            assertThatThrownBy(() -> Toolbox.builder().tool(new Tool(reserved, "", null), args -> null))
                    .hasMessageContaining("reserved");
        }
        assertThatThrownBy(() -> Toolbox.of(new Object())).hasMessageContaining("no @ToolMethod methods");
    }

    @Test
    void handWrittenToolsKeepTheirSchemaChecks() throws Exception {
        Toolbox box = Toolbox.builder()
                .tool(
                        new Tool(
                                "say",
                                "Says.",
                                Map.of(
                                        "type",
                                        "object",
                                        "additionalProperties",
                                        false,
                                        "properties",
                                        Map.of("text", Map.of("type", "string")),
                                        "required",
                                        List.of("text"))),
                        args -> args.get("text"))
                .build();

        assertThat(box.call("say", Map.of("text", "hi")).data()).isEqualTo("hi");
        assertThatThrownBy(() -> box.call("say", Map.of("text", 1)))
                .hasMessageContaining("'text': Input should be a valid string");
    }

    private Tool tool(String name) {
        return toolbox.tools().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
