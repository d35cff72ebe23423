package io.openenv4j.client;

import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client for tool environments (OpenEnv's MCP environments), with the semantics of the Python {@code
 * MCPToolClient}: tools are listed and called through {@code step} frames on {@code /ws} ({@code
 * {"type":"list_tools"}} and {@code {"type":"call_tool","tool_name":…,"arguments":…}}), so every listing
 * and call counts as a step of the episode on the server.
 *
 * <pre>{@code
 * try (ToolClient env = EnvClient.tools("http://localhost:8000")) {
 *     env.reset();
 *     Object echoed = env.callTool("echo_message", Map.of("message", "hi"));   // "hi"
 * }
 * }</pre>
 *
 * <p>Lifecycle: owns its {@link EnvClient}; {@link #close()} closes it.
 *
 * <p>Thread-safety: thread-safe; calls are serialised by the underlying {@link EnvClient}. The tool list
 * cache is shared by all threads.
 */
public final class ToolClient implements AutoCloseable {

    private final EnvClient<ToolAction, ToolObservation, Map<String, Object>> env;
    private volatile List<Tool> cachedTools;

    private ToolClient(EnvClient<ToolAction, ToolObservation, Map<String, Object>> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** Wraps a connected client; the tool client takes ownership of it. */
    public static ToolClient wrap(EnvClient<ToolAction, ToolObservation, Map<String, Object>> env) {
        return new ToolClient(env);
    }

    /** The underlying session client, for {@code step} with raw tool actions or {@code mcp} frames. */
    public EnvClient<ToolAction, ToolObservation, Map<String, Object>> env() {
        return env;
    }

    /**
     * Starts a new episode. Does not clear the tool cache (the reference client does not either).
     *
     * @throws OpenEnvClientException as {@link EnvClient#reset()}
     */
    public Step<ToolObservation> reset() {
        return env.reset();
    }

    /**
     * Starts a new episode with a seed, episode id or options.
     *
     * @throws OpenEnvClientException as {@link EnvClient#reset(ResetRequest)}
     */
    public Step<ToolObservation> reset(ResetRequest request) {
        return env.reset(request);
    }

    /**
     * The session's state as a JSON-shaped map.
     *
     * @throws OpenEnvClientException as {@link EnvClient#state()}
     */
    public Map<String, Object> state() {
        return env.state();
    }

    /**
     * The tools on offer, fetched once and then served from the cache.
     *
     * @throws ProtocolException when the reply is not a tool list
     * @throws OpenEnvClientException as {@link EnvClient#step}
     */
    public List<Tool> listTools() {
        List<Tool> tools = cachedTools;
        return tools != null ? tools : refreshTools();
    }

    /**
     * The tools on offer, asked of the server again; the answer replaces the cache. (What the reference client's
     * {@code list_tools(use_cache=False)} does; {@code McpClient} names it the same.) Tool descriptions may use
     * {@code input_schema} or {@code inputSchema}.
     *
     * @throws ProtocolException when the reply is not a tool list
     * @throws OpenEnvClientException as {@link EnvClient#step}
     */
    public List<Tool> refreshTools() {
        ToolObservation observation = env.step(ToolAction.listTools()).observation();
        if (!(observation instanceof ToolObservation.ToolList list)) {
            throw new ProtocolException("list_tools was answered with " + observation + ", not a tool list");
        }
        cachedTools = list.tools();
        return list.tools();
    }

    /**
     * The tool of that name from the (cached) tool list.
     *
     * @throws OpenEnvClientException as {@link #listTools()}
     */
    public Optional<Tool> tool(String name) {
        Objects.requireNonNull(name, "name");
        return listTools().stream().filter(tool -> tool.name().equals(name)).findFirst();
    }

    /**
     * Calls a tool and returns what it returned: the result's {@code data} (the tool's value, unwrapped:
     * a {@code String}, {@code Number}, {@code Boolean}, {@code List} or {@code Map}) when present and not
     * null, otherwise the whole {@link ToolResult}. A tool that ran and reported a failure is not an
     * exception: its {@code ToolResult} has {@code isError} set.
     *
     * @param arguments the tool's arguments, JSON-shaped
     * @throws ToolCallFailedException when the call could not be made (unknown tool, invalid arguments,
     *     timeout, …); the session lives on
     * @throws ProtocolException when the reply is not the outcome of a tool call
     * @throws OpenEnvClientException as {@link EnvClient#step}
     */
    public Object callTool(String name, Map<String, Object> arguments) {
        Objects.requireNonNull(name, "name");
        ToolObservation observation =
                env.step(ToolAction.callTool(name, arguments)).observation();
        if (!(observation instanceof ToolObservation.ToolCallOutcome outcome)) {
            throw new ProtocolException(
                    "call_tool '" + name + "' was answered with " + observation + ", not the outcome of a tool call");
        }
        if (outcome.error() != null) {
            throw new ToolCallFailedException(name, outcome.error());
        }
        ToolResult result = outcome.result();
        return result.data() != null ? result.data() : result;
    }

    /** Closes the underlying client. Idempotent; never throws. */
    @Override
    public void close() {
        env.close();
    }
}
