package io.openenv4j.validate;

/**
 * Every check the validator knows, with its stable id (never renamed; new checks are appended), level,
 * severity, meaning and a remediation hint. {@code docs/validate.md} lists the same table.
 */
public enum Check {
    HTTP_METADATA(
            "protocol.http.metadata",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "GET /metadata answers 200 with string 'name' and 'description'.",
            "Return EnvironmentMetadata with a name and a description."),
    HTTP_SCHEMA(
            "protocol.http.schema",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "GET /schema answers 200 with objects 'action', 'observation' and 'state'.",
            "Serve the JSON Schemas of the action, observation and state types."),
    HTTP_OPENAPI(
            "protocol.http.openapi",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "GET /openapi.json has info.version 1.x and paths that match the mode (simulation: /reset, /step,"
                    + " /state; production: none of them).",
            "Serve an OpenAPI document whose paths list exactly the HTTP routes of the active mode."),
    HTTP_RESET(
            "protocol.http.reset",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "POST /reset {} answers 200 with exactly {observation, reward, done} (simulation) or 404 (production).",
            "Return the step payload; keep reward/done/metadata out of the observation."),
    HTTP_STEP(
            "protocol.http.step",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "POST /step with a valid action answers 200 with a step payload; without 'action' it answers 422.",
            "Validate the body and answer 422 for a missing or malformed action."),
    HTTP_STATE(
            "protocol.http.state",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "GET /state answers 200 with 'episode_id' (string or null) and an integer 'step_count' >= 0.",
            "Serialise the state with episode_id and step_count."),
    WS_RESET(
            "protocol.ws.reset",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "WS reset is answered by an 'observation' frame carrying exactly {observation, reward, done}.",
            "Reply {\"type\":\"observation\",\"data\":<step payload>} to reset."),
    WS_STEP(
            "protocol.ws.step",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "WS step with a valid action is answered by an 'observation' frame with the step payload shape.",
            "Reply {\"type\":\"observation\",\"data\":<step payload>} to step."),
    WS_STATE(
            "protocol.ws.state",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "WS state is answered by a 'state' frame with episode_id and integer step_count.",
            "Reply {\"type\":\"state\",\"data\":<state>} to state."),
    WS_INVALID_JSON(
            "protocol.ws.invalid_json",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "A frame that is not JSON gets an error frame with code INVALID_JSON and the session survives.",
            "Catch parse errors per frame; reply INVALID_JSON and keep the session."),
    WS_UNKNOWN_TYPE(
            "protocol.ws.unknown_type",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "An unknown message type gets UNKNOWN_TYPE and the session survives.",
            "Reply UNKNOWN_TYPE for types other than reset, step, state, close, mcp."),
    WS_VALIDATION_ERROR(
            "protocol.ws.validation_error",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "An envelope with an extra key, or a step without data, gets VALIDATION_ERROR and the session survives.",
            "Validate envelopes strictly ({type, data} only) and keep the session after validation errors."),
    WS_NON_OBJECT_FRAME(
            "protocol.ws.non_object_frame",
            Level.PROTOCOL,
            Severity.WARNING,
            "G5",
            "A JSON value that is not an object ([1,2]) gets a non-fatal error and the session survives.",
            "Answer INVALID_JSON or VALIDATION_ERROR instead of SESSION_ERROR + close (reference gap G5)."),
    WS_BINARY_FRAME(
            "protocol.ws.binary_frame",
            Level.PROTOCOL,
            Severity.WARNING,
            "G5",
            "A binary frame gets a non-fatal error and the session survives.",
            "Answer INVALID_JSON instead of SESSION_ERROR + close (reference gap G5)."),
    WS_CLOSE(
            "protocol.ws.close",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "A close message gets no reply and the server closes the socket with code 1000.",
            "End the session on {\"type\":\"close\"} and close normally without replying."),
    WS_REWARD_TYPE(
            "protocol.ws.reward_type",
            Level.PROTOCOL,
            Severity.WARNING,
            "G8",
            "Every reward on the wire is a JSON number or null (never a boolean or a string).",
            "Coerce rewards to float before sending (reference gap G8: WS sends bool/int as is)."),
    CAPACITY(
            "protocol.capacity",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "A connection beyond max sessions gets CAPACITY_REACHED with active_sessions/max_sessions, then a close.",
            "Send the capacity error frame unsolicited right after the handshake, then close with 1000."),
    HEALTH(
            "runtime.health",
            Level.RUNTIME,
            Severity.ERROR,
            "",
            "GET /health answers 200 {\"status\":\"healthy\"}.",
            "Serve /health; container providers poll it for readiness."),
    SEED_DETERMINISM(
            "runtime.seed_determinism",
            Level.RUNTIME,
            Severity.ERROR,
            "",
            "Two sessions reset with the same seed and given the same actions produce identical step payloads.",
            "Draw all randomness from a generator seeded in reset(seed); never from time or a global RNG."),
    SEED_SENSITIVITY(
            "runtime.seed_sensitivity",
            Level.RUNTIME,
            Severity.WARNING,
            "",
            "The seed chooses what is random: different seeds give different episodes, or the environment is"
                    + " deterministic (every seed plays the same episode); episodes that differ under one seed fail.",
            "Draw the episode's randomness from a generator seeded in reset(seed)."),
    ISOLATION_RESETS(
            "runtime.episode_isolation.resets",
            Level.RUNTIME,
            Severity.ERROR,
            "",
            "In one session, an episode replayed after reset(seed) equals the first one: nothing leaks between resets.",
            "Rebuild all episode state in reset."),
    ISOLATION_SESSIONS(
            "runtime.episode_isolation.sessions",
            Level.RUNTIME,
            Severity.ERROR,
            "",
            "Two concurrent sessions stepped in lockstep produce the same trajectories as a session alone (skipped"
                    + " when the server serves one session at a time).",
            "Keep episode state in the instance, never in static fields or shared objects."),
    STATE_CONTRACT(
            "runtime.state_contract",
            Level.RUNTIME,
            Severity.ERROR,
            "",
            "state.episode_id echoes reset's episode_id (or is assigned), step_count is 0 after reset and +1 per step.",
            "Track episode_id and step_count in the state and reset them in reset."),
    STATE_FIELDS(
            "runtime.state_fields",
            Level.RUNTIME,
            Severity.WARNING,
            "G11",
            "GET /state carries every field the WS state carries.",
            "Serialise the environment's full state on HTTP too (reference gap G11 drops subclass fields)."),
    OBSERVATION_SCHEMA(
            "runtime.observation_schema",
            Level.RUNTIME,
            Severity.ERROR,
            "G10",
            "Every observation key actually sent is declared in /schema.observation.",
            "Declare the observation type that is actually returned (typed clients reject unknown keys)."),
    LATENCY(
            "runtime.latency",
            Level.RUNTIME,
            Severity.WARNING,
            "",
            "The 95th percentile of WS step round trips stays under the budget (default 1000 ms).",
            "Move slow work out of step, or document the expected step time."),
    ORACLE_COMPLETES(
            "semantic.oracle_completes",
            Level.SEMANTIC,
            Severity.ERROR,
            "",
            "The oracle finishes every validation episode within the step limit without errors.",
            "Fix the oracle or the environment's termination."),
    ORACLE_MAX_REWARD(
            "semantic.oracle_max_reward",
            Level.SEMANTIC,
            Severity.ERROR,
            "",
            "The oracle reaches the maximum return: no baseline episode (no-op, random, learner) beats the oracle's best.",
            "Check the reward function for exploits, or improve the oracle."),
    NOOP_FLOOR(
            "semantic.noop_floor",
            Level.SEMANTIC,
            Severity.ERROR,
            "",
            "Repeating the empty/no-op action scores a mean return below the oracle's by a margin.",
            "Do not reward empty or default actions; refuse them or give them no reward."),
    RANDOM_FLOOR(
            "semantic.random_floor",
            Level.SEMANTIC,
            Severity.ERROR,
            "",
            "A random policy (actions from the oracle's action set or the action schema) scores below the oracle by a margin.",
            "Make the reward depend on solving the task, not on acting."),
    SOLUTION_LEAKAGE(
            "semantic.solution_leakage",
            Level.SEMANTIC,
            Severity.ERROR,
            "",
            "No secret state value (fields named answer/solution/secret/hidden/target/word/password, or a declared"
                    + " leak probe) appears in an observation before the episode is done.",
            "Reveal hidden values only once the episode is over."),
    REWARD_RANGE(
            "semantic.reward_range",
            Level.SEMANTIC,
            Severity.ERROR,
            "",
            "Every reward is finite and inside the declared range (if any).",
            "Clip or fix rewards; declare the range you intend."),
    REWARD_DETERMINISM(
            "semantic.reward_determinism",
            Level.SEMANTIC,
            Severity.ERROR,
            "",
            "The oracle replayed with the same seed receives the same rewards.",
            "Seed every source of randomness that affects rewards."),
    RANDOM_REWARDS(
            "statistical.random_rewards",
            Level.STATISTICAL,
            Severity.WARNING,
            "",
            "Under a random policy some episode reaches a non-zero return (mean, variance and histogram reported).",
            "Shape the reward, or shorten episodes, so that exploration finds a signal."),
    LEARNING_SIGNAL(
            "statistical.learning_signal",
            Level.STATISTICAL,
            Severity.WARNING,
            "",
            "A cross-entropy learner over open-loop action sequences beats the random policy's mean within its budget.",
            "Make rewards informative: partial credit, fewer dead ends, shorter horizons."),
    MCP_TOOLS_LIST(
            "protocol.mcp.tools_list",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "Tool environments: POST /mcp tools/list (OpenEnv dialect) answers a JSON-RPC result whose tools have unique"
                    + " names and an input schema that is a valid JSON Schema of type object.",
            "List every tool with name, description and a valid object input schema."),
    MCP_TOOLS_CALL(
            "protocol.mcp.tools_call",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "Tool environments: POST /mcp tools/call with arguments drawn from each tool's input schema is answered by a"
                    + " well-formed JSON-RPC response with the request's id: a result with a content list, or an error object.",
            "Answer every tools/call with {jsonrpc, id, result|error}; a failing tool is an error, never a crash."),
    MCP_ERRORS(
            "protocol.mcp.errors",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "Tool environments, dialect error codes: unknown tool -32602/-32603, unknown method -32601, missing name"
                    + " -32602, unparsable body -32700 (id null), invalid request -32600.",
            "Map each bad request to its JSON-RPC error code, as docs/mcp.md lists."),
    MCP_WS_FRAMES(
            "protocol.mcp.ws_frames",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "Tool environments: {\"type\":\"mcp\"} frames on /ws carry tools/list and tools/call and are answered by"
                    + " 'mcp' frames; a data that is no JSON-RPC request gets -32600 and the session survives.",
            "Tunnel JSON-RPC through 'mcp' frames bound to the socket's session."),
    MCP_SPEC_INITIALIZE(
            "protocol.mcp.spec.initialize",
            Level.PROTOCOL,
            Severity.WARNING,
            "",
            "Tool environments: spec MCP (Streamable HTTP) initialize answers a known protocol revision, server info, a"
                    + " tools capability and an Mcp-Session-Id of visible ASCII. The other protocol.mcp.spec checks run"
                    + " only when this passes.",
            "Serve MCP Streamable HTTP on /mcp so that any MCP client can use the tools (docs/mcp.md)."),
    MCP_SPEC_VERSION(
            "protocol.mcp.spec.version",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "Protocol-version negotiation: a supported requested revision is answered as is, an unknown one with a"
                    + " revision the server supports; an unsupported MCP-Protocol-Version header gets HTTP 400.",
            "Answer the client's revision when supported, else your latest; reject unsupported version headers with 400."),
    MCP_SPEC_SESSION(
            "protocol.mcp.spec.session",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "A request without Mcp-Session-Id gets 400, one with an unknown session id gets 404.",
            "Require the session header after initialize; answer 404 for unknown or ended sessions."),
    MCP_SPEC_TOOLS_LIST(
            "protocol.mcp.spec.tools_list",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "Spec tools/list (all pages): unique names, inputSchema a valid JSON Schema of type object, outputSchema"
                    + " (when present) a valid JSON Schema of type object.",
            "Generate valid JSON Schemas for tool arguments and results."),
    MCP_SPEC_TOOLS_CALL(
            "protocol.mcp.spec.tools_call",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "Spec tools/call: a result has a content list of typed blocks and a boolean isError; structuredContent"
                    + " conforms to the tool's outputSchema; an unknown tool is -32602 or an isError result.",
            "Return CallToolResult as the MCP specification shapes it."),
    MCP_SPEC_NOTIFICATIONS(
            "protocol.mcp.spec.notifications",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "Notifications (notifications/initialized, notifications/cancelled for an unknown request) get HTTP 202 with no body.",
            "Accept notifications with 202 Accepted and no body."),
    MCP_SPEC_GET_DELETE(
            "protocol.mcp.spec.get_delete",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "GET /mcp answers 405 or an event stream; DELETE /mcp ends the session (2xx, then 404) or answers 405.",
            "Answer GET with 405 when there is no server stream; end sessions on DELETE."),
    MCP_SPEC_ERRORS(
            "protocol.mcp.spec.errors",
            Level.PROTOCOL,
            Severity.ERROR,
            "",
            "In a session: unknown method -32601, unparsable body -32700, invalid request -32600; the session answers"
                    + " ping afterwards.",
            "Map each bad request to its JSON-RPC error and keep the session."),
    REPLY_TIMEOUT(
            "runtime.reply_timeout",
            Level.RUNTIME,
            Severity.ERROR,
            "",
            "Every request of the validation got its reply within the reply timeout (the declared step timeout,"
                    + " default 30 s): the validator never hangs on a silent server, it reports what went unanswered.",
            "Answer every request, with an error when a step cannot finish; keep steps within the declared timeout."),
    IDLE_TIMEOUT(
            "runtime.idle_timeout",
            Level.RUNTIME,
            Severity.ERROR,
            "G4",
            "The declared idle timeout is enforced: a silent session is ended within the timeout plus the reaper's"
                    + " period, not before it, while a session that keeps resetting lives on.",
            "Reap sessions idle for longer than the timeout and tell the client (error frame, then close)."),
    RESOURCE_LEAK(
            "runtime.resources.leak",
            Level.RUNTIME,
            Severity.ERROR,
            "",
            "Growth per episode over many reset/step/close cycles stays under the thresholds: heap after GC and live"
                    + " threads (in process), or RSS, threads and open files of a local server process (--pid).",
            "Release per-episode resources in reset and close: buffers, caches, threads, files, sockets."),
    SESSIONS_RELEASED(
            "runtime.resources.sessions_released",
            Level.RUNTIME,
            Severity.ERROR,
            "",
            "Closed sessions give their slots back: after the cycles, max-sessions sessions can be open at once (in"
                    + " process: every cycle on a one-session server got its session).",
            "Free a session's slot when its socket closes, whatever the reason."),
    LATENCY_DRIFT(
            "runtime.resources.latency_drift",
            Level.RUNTIME,
            Severity.WARNING,
            "",
            "Episode round trips do not slow down over the cycles: the median of the last quarter is at most the"
                    + " drift factor (default 2) times the first quarter's, plus 2 ms.",
            "Look for per-episode state that accumulates (lists, caches, history) and slows later episodes.");

    private final String id;
    private final Level level;
    private final Severity severity;
    private final String referenceGap;
    private final String meaning;
    private final String remediation;

    Check(String id, Level level, Severity severity, String referenceGap, String meaning, String remediation) {
        this.id = id;
        this.level = level;
        this.severity = severity;
        this.referenceGap = referenceGap;
        this.meaning = meaning;
        this.remediation = remediation;
    }

    public String id() {
        return id;
    }

    public Level level() {
        return level;
    }

    public Severity severity() {
        return severity;
    }

    /** The known gap of the Python reference (protocol doc section 11) this check detects, or "". */
    public String referenceGap() {
        return referenceGap;
    }

    public String meaning() {
        return meaning;
    }

    public String remediation() {
        return remediation;
    }
}
