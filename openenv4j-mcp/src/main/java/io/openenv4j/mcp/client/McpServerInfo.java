package io.openenv4j.mcp.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the server said about itself in answer to {@code initialize}.
 *
 * @param protocolVersion the negotiated MCP version (one of {@link McpClientOptions#SUPPORTED_VERSIONS})
 * @param name {@code serverInfo.name}
 * @param version {@code serverInfo.version} (empty when the server sent none)
 * @param title {@code serverInfo.title}, or {@code null}
 * @param capabilities the server's capabilities, JSON-shaped ({@code {"tools":{"listChanged":true}, …}})
 * @param instructions the server's instructions for the model, or {@code null}
 */
public record McpServerInfo(
        String protocolVersion,
        String name,
        String version,
        String title,
        Map<String, Object> capabilities,
        String instructions) {

    public McpServerInfo {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(name, "name");
        version = version == null ? "" : version;
        capabilities = capabilities == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(capabilities));
    }

    /** Whether the server declared the capability (for example {@code "tools"} or {@code "logging"}). */
    public boolean hasCapability(String capability) {
        return capabilities.containsKey(capability);
    }
}
