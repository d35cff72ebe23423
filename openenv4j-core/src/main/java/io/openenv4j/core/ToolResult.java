package io.openenv4j.core;

import java.util.List;
import java.util.Map;

/**
 * The result of one tool call, in the shape OpenEnv's dialect puts on the wire (MCP's {@code
 * CallToolResult} with snake_case keys plus the unwrapped {@code data}).
 *
 * @param content content blocks for the agent (text, for now)
 * @param structuredContent the result as a JSON object, or {@code null}; a non-object value is wrapped
 *     as {@code {"result": value}}
 * @param meta result metadata, or {@code null}
 * @param data the tool's return value, unwrapped: what OpenEnv's Python tool client hands its caller
 * @param isError whether the tool reported a failure (a tool error is a result, not a crash)
 */
public record ToolResult(
        List<Content> content,
        Map<String, Object> structuredContent,
        Map<String, Object> meta,
        Object data,
        boolean isError) {

    public ToolResult {
        content = content == null ? List.of() : List.copyOf(content);
    }

    /**
     * One content block.
     *
     * @param type the block type ({@code "text"})
     * @param text the text
     * @param annotations MCP annotations, or {@code null}
     * @param meta block metadata, or {@code null}
     */
    public record Content(String type, String text, Map<String, Object> annotations, Map<String, Object> meta) {
        public static Content text(String text) {
            return new Content("text", text, null, null);
        }
    }

    /** The text of the content blocks, joined by newlines: an error result's message. */
    public String text() {
        return String.join(
                "\n",
                content.stream()
                        .map(Content::text)
                        .filter(java.util.Objects::nonNull)
                        .toList());
    }

    /** A failed call: the message as text content, {@code isError} set. */
    public static ToolResult error(String message) {
        return new ToolResult(List.of(Content.text(message)), null, null, null, true);
    }
}
