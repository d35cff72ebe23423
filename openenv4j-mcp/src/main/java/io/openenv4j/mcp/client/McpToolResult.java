package io.openenv4j.mcp.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The result of {@code tools/call}. A tool that ran and failed is a result too, with {@link #isError()}
 * set and the failure described in its content.
 *
 * @param content the content blocks, every kind kept in order
 * @param structuredContent the structured result, or {@code null}
 * @param isError whether the tool reported a failure
 * @param meta the result's {@code _meta}, or {@code null}
 */
public record McpToolResult(
        List<McpContent> content, Map<String, Object> structuredContent, boolean isError, Map<String, Object> meta) {

    public McpToolResult {
        content = content == null ? List.of() : List.copyOf(content);
        structuredContent =
                structuredContent == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(structuredContent));
        meta = meta == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }

    /** The text of the text blocks, joined by newlines (empty when there are none). */
    public String text() {
        return content.stream()
                .filter(McpContent.Text.class::isInstance)
                .map(block -> ((McpContent.Text) block).text())
                .collect(Collectors.joining("\n"));
    }
}
