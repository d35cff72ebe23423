package io.openenv4j.envs.mcpbridge;

import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.client.McpContent;
import io.openenv4j.mcp.client.McpToolResult;
import io.openenv4j.wire.WireJson;
import java.util.List;
import java.util.Map;

/**
 * Maps an MCP tool result to OpenEnv's {@link ToolResult}. Stateless.
 *
 * <p>{@code data} is unwrapped as FastMCP's client (and so OpenEnv's Python tool client) does it: for a
 * result that is not an error and has structured content, the value under {@code "result"} when the
 * result's {@code _meta.fastmcp.wrap_result} is true or the tool's output schema is marked {@code
 * x-fastmcp-wrap-result}, otherwise the structured content itself; {@code null} when there is none.
 *
 * <p>{@link ToolResult.Content} holds text blocks only, so a block of another kind (image, audio,
 * resource link, embedded resource, …) keeps its {@code type} and carries the whole block as JSON in
 * {@code text}: nothing is lost, and an agent reading text sees what arrived.
 */
final class ToolResults {

    private ToolResults() {}

    static ToolResult of(McpToolResult result, Map<String, Object> outputSchema) {
        List<ToolResult.Content> content =
                result.content().stream().map(ToolResults::content).toList();
        return new ToolResult(
                content, result.structuredContent(), result.meta(), data(result, outputSchema), result.isError());
    }

    private static ToolResult.Content content(McpContent block) {
        Map<String, Object> annotations = map(block.json().get("annotations"));
        Map<String, Object> meta = map(block.json().get("_meta"));
        String text = block instanceof McpContent.Text t ? t.text() : WireJson.write(block.json());
        return new ToolResult.Content(block.type(), text, annotations, meta);
    }

    private static Object data(McpToolResult result, Map<String, Object> outputSchema) {
        Map<String, Object> structured = result.structuredContent();
        if (result.isError() || structured == null) {
            return null;
        }
        boolean wrapped = map(result.meta() == null ? null : result.meta().get("fastmcp")) instanceof Map<?, ?> fastmcp
                        && Boolean.TRUE.equals(fastmcp.get("wrap_result"))
                || outputSchema != null && Boolean.TRUE.equals(outputSchema.get("x-fastmcp-wrap-result"));
        return wrapped ? structured.get("result") : structured;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
