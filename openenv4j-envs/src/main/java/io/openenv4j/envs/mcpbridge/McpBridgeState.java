package io.openenv4j.envs.mcpbridge;

import io.openenv4j.core.State;

/**
 * The state of a bridged episode.
 *
 * @param episodeId the episode's id
 * @param stepCount steps taken in the episode (tool listings included)
 * @param serverName the MCP server's {@code serverInfo.name}, or {@code null} while no session is open
 * @param protocolVersion the negotiated MCP version, or {@code null} while no session is open
 */
public record McpBridgeState(String episodeId, long stepCount, String serverName, String protocolVersion)
        implements State {}
