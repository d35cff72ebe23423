package io.openenv4j.envs.mcpbridge;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.core.EnvironmentException;
import io.openenv4j.core.EnvironmentMetadata;
import io.openenv4j.core.ResetRequest;
import io.openenv4j.core.Step;
import io.openenv4j.core.StepOptions;
import io.openenv4j.core.Tool;
import io.openenv4j.core.ToolAction;
import io.openenv4j.core.ToolCallException;
import io.openenv4j.core.ToolEnvironment;
import io.openenv4j.core.ToolError;
import io.openenv4j.core.ToolObservation;
import io.openenv4j.core.ToolResult;
import io.openenv4j.mcp.client.McpClient;
import io.openenv4j.mcp.client.McpClientException;
import io.openenv4j.mcp.client.McpClientMisuseException;
import io.openenv4j.mcp.client.McpClientOptions;
import io.openenv4j.mcp.client.McpEndpoint;
import io.openenv4j.mcp.client.McpProtocolException;
import io.openenv4j.mcp.client.McpServerErrorException;
import io.openenv4j.mcp.client.McpTool;
import io.openenv4j.mcp.client.McpTransportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Any external MCP server as an OpenEnv tool environment. Each episode is one MCP session: {@code reset}
 * closes the previous session and opens a fresh one (for a stdio server, a fresh process), and observes
 * the server's tool list. {@code step(list_tools)} lists the tools again; {@code step(call_tool)} calls
 * one and observes its result. {@link #tools()} and {@link #callTool} (the server's {@code /mcp} routes)
 * open a session on first use when no reset has.
 *
 * <pre>{@code
 * var target = McpBridgeEnvironment.Target.commandLine("npx -y @modelcontextprotocol/server-everything");
 * EnvServer.create(McpBridgeEnvironment.spec(target, Termination.stepBudget(20), RewardPolicy.perSuccessfulCall(1.0)),
 *         ServerConfig.defaults()).start();
 * }</pre>
 *
 * <p>Results: the MCP result becomes a {@link ToolResult} with its content, structured content, {@code
 * _meta} and {@code isError}, plus OpenEnv's unwrapped {@code data} (see {@code ToolResults}). A tool that
 * runs and fails is a result with {@code isError}, as the server sent it. Calls that cannot be made are
 * {@link ToolError}s: {@code tool_not_found} (the name is not in the server's tool list), {@code
 * invalid_args} (JSON-RPC {@code -32602}; servers built on the official SDKs report bad arguments as error
 * results instead), {@code timeout} (no reply within the request timeout, or the step's own timeout;
 * the call is cancelled), {@code transport_error} (the server died, the session expired, the reply was
 * malformed) and {@code execution_error} (any other JSON-RPC error).
 *
 * <p>Episodes: {@code done} and rewards come from the {@link Termination} and {@link RewardPolicy}
 * given to the spec; an episode also ends when its session is lost. The reset observation has no reward.
 *
 * <p>Not thread-safe; the server gives each session its own instance (and so its own MCP session).
 */
public final class McpBridgeEnvironment implements ToolEnvironment<McpBridgeState> {

    public static final String NAME = "mcpbridge";
    /** The variable {@link #specFromEnvironment} reads a stdio server's command line from. */
    public static final String COMMAND_VARIABLE = "MCP_BRIDGE_COMMAND";
    /** The variable {@link #specFromEnvironment} reads a Streamable HTTP server's URL from. */
    public static final String URL_VARIABLE = "MCP_BRIDGE_URL";
    /** Optional: a step budget per episode. */
    public static final String MAX_STEPS_VARIABLE = "MCP_BRIDGE_MAX_STEPS";
    /** Optional: seconds each tool call may take. */
    public static final String TIMEOUT_VARIABLE = "MCP_BRIDGE_TIMEOUT_S";

    /**
     * The MCP server to bridge, and how the client talks to it.
     *
     * @param endpoint where the server is
     * @param options the client's timeouts and limits ({@link McpClientOptions#requestTimeout()} bounds
     *     every tool call)
     */
    public record Target(McpEndpoint endpoint, McpClientOptions options) {
        public Target {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(options, "options");
        }

        /** A stdio server: the program followed by its arguments. */
        public static Target command(List<String> command) {
            return new Target(McpEndpoint.stdio(command), McpClientOptions.defaults());
        }

        /**
         * A stdio server, from a command line split as a shell would ({@code npx -y 'some package'}).
         *
         * @throws IllegalArgumentException when the line is empty or its quotes do not close
         */
        public static Target commandLine(String commandLine) {
            return command(CommandLine.split(Objects.requireNonNull(commandLine, "commandLine")));
        }

        /**
         * A Streamable HTTP server.
         *
         * @throws IllegalArgumentException when {@code url} is not an {@code http(s)} URL
         */
        public static Target url(String url) {
            return new Target(McpEndpoint.http(url), McpClientOptions.defaults());
        }

        /** A copy with other client options. */
        public Target withOptions(McpClientOptions newOptions) {
            return new Target(endpoint, newOptions);
        }

        /** The command line or URL, for humans. */
        public String describe() {
            return switch (endpoint) {
                case McpEndpoint.Stdio stdio -> String.join(" ", stdio.command());
                case McpEndpoint.StreamableHttp http -> http.url().toString();
            };
        }
    }

    private final Target target;
    private final Termination termination;
    private final RewardPolicy reward;
    private McpClient client;
    private String episodeId = UUID.randomUUID().toString();
    private long steps;

    private McpBridgeEnvironment(Target target, Termination termination, RewardPolicy reward) {
        this.target = Objects.requireNonNull(target, "target");
        this.termination = Objects.requireNonNull(termination, "termination");
        this.reward = Objects.requireNonNull(reward, "reward");
    }

    /** An environment whose episodes never end by themselves and carry no rewards. Opens no session yet. */
    public static McpBridgeEnvironment create(Target target) {
        return create(target, Termination.never(), RewardPolicy.none());
    }

    /** An environment with the given episode rules. Opens no session yet. */
    public static McpBridgeEnvironment create(Target target, Termination termination, RewardPolicy reward) {
        return new McpBridgeEnvironment(target, termination, reward);
    }

    /** How to serve a bridge to {@code target} whose episodes never end by themselves and carry no rewards. */
    public static EnvSpec<ToolAction, ToolObservation, McpBridgeState> spec(Target target) {
        return spec(target, Termination.never(), RewardPolicy.none());
    }

    /** How to serve a bridge to {@code target} with the given episode rules. */
    public static EnvSpec<ToolAction, ToolObservation, McpBridgeState> spec(
            Target target, Termination termination, RewardPolicy reward) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(termination, "termination");
        Objects.requireNonNull(reward, "reward");
        return EnvSpec.of(
                EnvironmentMetadata.of(
                        NAME,
                        "Bridges the MCP server '" + target.describe()
                                + "' as a tool environment: each episode is a fresh MCP session; steps list and call its tools."),
                ToolAction.class,
                ToolObservation.class,
                McpBridgeState.class,
                () -> create(target, termination, reward));
    }

    /**
     * The spec {@code openenv4j serve mcpbridge} serves, configured by variables: {@value #COMMAND_VARIABLE}
     * (a command line, split as a shell would, for a stdio server) or {@value #URL_VARIABLE} (a Streamable
     * HTTP endpoint), exactly one of them; optionally {@value #MAX_STEPS_VARIABLE} (a step budget ending each
     * episode) and {@value #TIMEOUT_VARIABLE} (seconds per tool call, default 60).
     *
     * @param environment the variables, usually {@code System.getenv()}
     * @throws IllegalArgumentException when neither or both targets are set, or a value is invalid
     */
    public static EnvSpec<ToolAction, ToolObservation, McpBridgeState> specFromEnvironment(
            Map<String, String> environment) {
        String command = blankToNull(environment.get(COMMAND_VARIABLE));
        String url = blankToNull(environment.get(URL_VARIABLE));
        if ((command == null) == (url == null)) {
            throw new IllegalArgumentException(
                    "set exactly one of " + COMMAND_VARIABLE + " (the command line of a stdio " + "MCP server) and "
                            + URL_VARIABLE + " (the URL of a Streamable HTTP MCP server)");
        }
        Target target = command != null ? Target.commandLine(command) : Target.url(url);
        String timeout = blankToNull(environment.get(TIMEOUT_VARIABLE));
        if (timeout != null) {
            target = target.withOptions(target.options()
                    .withRequestTimeout(Duration.ofMillis(Math.round(positive(TIMEOUT_VARIABLE, timeout) * 1000))));
        }
        String maxSteps = blankToNull(environment.get(MAX_STEPS_VARIABLE));
        Termination termination = maxSteps == null
                ? Termination.never()
                : Termination.stepBudget(Math.round(positive(MAX_STEPS_VARIABLE, maxSteps)));
        return spec(target, termination, RewardPolicy.none());
    }

    /** What this environment bridges. */
    public Target target() {
        return target;
    }

    /**
     * Ends the current session (if any) and opens a fresh one.
     *
     * @throws EnvironmentException when the session cannot be opened (the process does not start, the
     *     server is unreachable, the handshake fails)
     */
    @Override
    public Step<ToolObservation> reset(ResetRequest request) {
        closeSession();
        episodeId =
                request.episodeIdIfPresent().orElseGet(() -> UUID.randomUUID().toString());
        steps = 0;
        McpClient session = open();
        return Step.of(new ToolObservation.ToolList(toolList(session)), null, false);
    }

    @Override
    public Step<ToolObservation> step(ToolAction action) {
        return step(action, StepOptions.none());
    }

    /**
     * Lists or calls. A call waits at most the target's request timeout, or the step's timeout when that
     * is shorter.
     *
     * @throws EnvironmentException when listing the tools fails
     */
    @Override
    public Step<ToolObservation> step(ToolAction action, StepOptions options) {
        steps++;
        Duration timeout = target.options().requestTimeout();
        if (options.timeout() != null && options.timeout().compareTo(timeout) < 0) {
            timeout = options.timeout();
        }
        ToolObservation observation = switch (action) {
            case ToolAction.ListTools ignored -> new ToolObservation.ToolList(tools());
            case ToolAction.CallTool call -> outcome(call, timeout);
        };
        var transition = new Transition(action, observation, steps);
        boolean lost = client == null || !client.isOpen();
        return Step.of(observation, reward.reward(transition), lost || termination.done(transition));
    }

    @Override
    public McpBridgeState state() {
        McpClient session = client;
        return session == null
                ? new McpBridgeState(episodeId, steps, null, null)
                : new McpBridgeState(
                        episodeId,
                        steps,
                        session.server().name(),
                        session.server().protocolVersion());
    }

    /**
     * The server's tools (cached by the MCP client until the server announces a change).
     *
     * @throws EnvironmentException when the tools cannot be listed
     */
    @Override
    public List<Tool> tools() {
        return toolList(session());
    }

    @Override
    public ToolResult callTool(String name, Map<String, Object> arguments) throws ToolCallException {
        return call(name, arguments, target.options().requestTimeout());
    }

    /** Ends the MCP session: for stdio the process and its descendants, for HTTP the session. Idempotent. */
    @Override
    public void close() {
        closeSession();
    }

    private ToolObservation.ToolCallOutcome outcome(ToolAction.CallTool call, Duration timeout) {
        try {
            return new ToolObservation.ToolCallOutcome(
                    call.toolName(), call(call.toolName(), call.arguments(), timeout), null);
        } catch (ToolCallException e) {
            return new ToolObservation.ToolCallOutcome(call.toolName(), null, new ToolError(e.kind(), e.getMessage()));
        }
    }

    private ToolResult call(String name, Map<String, Object> arguments, Duration timeout) throws ToolCallException {
        McpClient session;
        try {
            session = session();
        } catch (EnvironmentException e) {
            throw new ToolCallException(ToolError.Kind.TRANSPORT_ERROR, e.getMessage());
        }
        try {
            McpTool tool = find(session, name).orElseThrow(() -> ToolCallException.unknownTool(name));
            return ToolResults.of(session.callTool(name, arguments, timeout), tool.outputSchema());
        } catch (McpServerErrorException e) {
            ToolError.Kind kind = switch (e.code()) {
                case McpServerErrorException.INVALID_PARAMS -> ToolError.Kind.INVALID_ARGS;
                case McpServerErrorException.METHOD_NOT_FOUND -> ToolError.Kind.TOOL_NOT_FOUND;
                default -> ToolError.Kind.EXECUTION_ERROR;
            };
            throw new ToolCallException(kind, e.serverMessage());
        } catch (McpTransportException e) {
            throw new ToolCallException(
                    e.kind() == McpTransportException.Kind.TIMEOUT
                            ? ToolError.Kind.TIMEOUT
                            : ToolError.Kind.TRANSPORT_ERROR,
                    e.getMessage());
        } catch (McpProtocolException e) {
            throw new ToolCallException(ToolError.Kind.TRANSPORT_ERROR, e.getMessage());
        } catch (McpClientMisuseException e) {
            throw new ToolCallException(
                    session.isOpen() ? ToolError.Kind.INVALID_ARGS : ToolError.Kind.TRANSPORT_ERROR, e.getMessage());
        }
    }

    /** The tool named {@code name}; asks the server again once before concluding it has none. */
    private static Optional<McpTool> find(McpClient session, String name) {
        Optional<McpTool> tool =
                session.listTools().stream().filter(t -> t.name().equals(name)).findFirst();
        return tool.isPresent()
                ? tool
                : session.refreshTools().stream()
                        .filter(t -> t.name().equals(name))
                        .findFirst();
    }

    /** The session of this episode, opened now if none was; a lost session is not silently replaced. */
    private McpClient session() {
        if (client == null) {
            return open();
        }
        if (!client.isOpen()) {
            throw new EnvironmentException("the MCP session with " + target.describe()
                    + " was lost earlier in this episode; reset to open a new one");
        }
        return client;
    }

    private McpClient open() {
        try {
            client = McpClient.connect(target.endpoint(), target.options());
            return client;
        } catch (McpClientException e) {
            throw new EnvironmentException(
                    "could not open an MCP session with " + target.describe() + ": " + e.getMessage(), e);
        }
    }

    private List<Tool> toolList(McpClient session) {
        try {
            return session.listTools().stream().map(McpTool::toTool).toList();
        } catch (McpClientException e) {
            throw new EnvironmentException(
                    "could not list the tools of " + target.describe() + ": " + e.getMessage(), e);
        }
    }

    private void closeSession() {
        McpClient session = client;
        client = null;
        if (session != null) {
            session.close();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static double positive(String variable, String value) {
        try {
            double number = Double.parseDouble(value);
            if (number > 0 && Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(variable + " must be a positive number, got '" + value + "'");
    }
}
