package io.openenv4j.validate.internal;

import io.openenv4j.validate.Check;
import io.openenv4j.validate.CheckResult;
import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Spec MCP on {@code /mcp} (Streamable HTTP): initialize and version negotiation, sessions, tool listings
 * whose schemas are valid JSON Schema, tool results, notifications, GET and DELETE, error codes.
 */
final class McpSpecChecks {

    static final Set<String> REVISIONS = Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
    private static final String LATEST = "2025-11-25";

    private final Probe probe;
    private String session;
    private String version;
    private final List<JsonNode> tools = new ArrayList<>();

    McpSpecChecks(Probe probe) {
        this.probe = probe;
    }

    void run() {
        Recorder r = probe.recorder;
        r.run(Check.MCP_SPEC_INITIALIZE, this::initialize);
        if (session == null) {
            for (Check check : List.of(
                    Check.MCP_SPEC_VERSION,
                    Check.MCP_SPEC_SESSION,
                    Check.MCP_SPEC_TOOLS_LIST,
                    Check.MCP_SPEC_TOOLS_CALL,
                    Check.MCP_SPEC_NOTIFICATIONS,
                    Check.MCP_SPEC_GET_DELETE,
                    Check.MCP_SPEC_ERRORS)) {
                r.skip(check, "no spec MCP session (see protocol.mcp.spec.initialize)");
            }
            return;
        }
        try {
            r.run(Check.MCP_SPEC_VERSION, this::versions);
            r.run(Check.MCP_SPEC_SESSION, this::sessions);
            r.run(Check.MCP_SPEC_TOOLS_LIST, this::toolsList);
            r.run(Check.MCP_SPEC_TOOLS_CALL, this::toolsCall);
            r.run(Check.MCP_SPEC_NOTIFICATIONS, this::notifications);
            r.run(Check.MCP_SPEC_ERRORS, this::errors);
            r.run(Check.MCP_SPEC_GET_DELETE, this::getDelete);
        } finally {
            delete(session);
        }
    }

    private Map<String, String> headers(String sessionId) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        if (sessionId != null) {
            headers.put("Mcp-Session-Id", sessionId);
            headers.put("MCP-Protocol-Version", version);
        }
        return headers;
    }

    private Target.Answer post(String sessionId, String body) {
        return probe.target.exchange("POST", "/mcp", headers(sessionId), body);
    }

    private void delete(String sessionId) {
        if (sessionId != null) {
            probe.target.exchange("DELETE", "/mcp", headers(sessionId), null);
        }
    }

    /** The JSON-RPC message of an answer sent as JSON or as an event stream. */
    static JsonNode message(Target.Answer answer) {
        if (answer.json() != null) {
            return answer.json();
        }
        var data = new StringBuilder();
        for (String line : answer.body().split("\r?\n")) {
            if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            }
        }
        try {
            return data.isEmpty() ? null : WireJson.parse(data.toString());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String initialize(String protocolVersion) {
        var params = WireJson.object().put("protocolVersion", protocolVersion);
        params.set("capabilities", WireJson.object());
        params.set(
                "clientInfo",
                WireJson.object().put("name", "openenv4j-validate").put("version", "1"));
        return McpChecks.request(1, "initialize", params);
    }

    private CheckResult initialize() {
        var answer = post(null, initialize(LATEST));
        JsonNode message = message(answer);
        JsonNode result = message == null ? null : message.get("result");
        String id = answer.header("Mcp-Session-Id");
        var problems = new ArrayList<String>();
        if (answer.status() != 200 || result == null) {
            problems.add("initialize was not answered with a result");
        } else {
            String answered = result.path("protocolVersion").asString("");
            if (!REVISIONS.contains(answered)) {
                problems.add("protocolVersion '" + answered + "' is no known revision");
            }
            if (!result.path("serverInfo").path("name").isString()) {
                problems.add("no serverInfo.name");
            }
            if (!result.path("capabilities").path("tools").isObject()) {
                problems.add("no tools capability");
            }
            if (id == null || id.isEmpty() || !id.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
                problems.add("Mcp-Session-Id " + (id == null ? "missing" : "'" + id + "' is not visible ASCII"));
            }
            version = answered;
        }
        if (problems.isEmpty()) {
            session = id;
        } else if (id != null) {
            delete(id);
        }
        return CheckResult.of(
                Check.MCP_SPEC_INITIALIZE,
                problems.isEmpty(),
                problems.isEmpty()
                        ? "revision " + version + ", session id " + id.length() + " chars"
                        : problems.getFirst(),
                "initialize " + LATEST + " → " + answer.describe()
                        + (problems.isEmpty() ? "" : " | " + String.join("; ", problems)));
    }

    private CheckResult versions() {
        var problems = new ArrayList<String>();
        var evidence = new ArrayList<String>();
        for (String asked : List.of("2025-06-18", "1999-01-01")) {
            var answer = post(null, initialize(asked));
            JsonNode result = message(answer) == null ? null : message(answer).get("result");
            String answered =
                    result == null ? "" : result.path("protocolVersion").asString("");
            evidence.add(asked + " → " + (result == null ? answer.describe() : answered));
            if (!REVISIONS.contains(answered)) {
                problems.add(
                        "asked " + asked + ", answered " + (answered.isEmpty() ? "no result" : "'" + answered + "'"));
            } else if (asked.equals("2025-06-18") && !answered.equals(asked) && !answered.equals(LATEST)) {
                problems.add("asked 2025-06-18, answered " + answered);
            }
            delete(answer.header("Mcp-Session-Id"));
        }
        var headers = headers(session);
        headers.put("MCP-Protocol-Version", "1999-01-01");
        var bad = probe.target.exchange("POST", "/mcp", headers, McpChecks.request(3, "ping", null));
        evidence.add("MCP-Protocol-Version 1999-01-01 → HTTP " + bad.status());
        if (bad.status() != 400) {
            problems.add("an unsupported MCP-Protocol-Version header got HTTP " + bad.status() + ", expected 400");
        }
        return CheckResult.of(
                Check.MCP_SPEC_VERSION,
                problems.isEmpty(),
                String.join(", ", evidence),
                problems.isEmpty() ? "negotiated " + version : String.join("; ", problems));
    }

    private CheckResult sessions() {
        var headers = headers(null);
        headers.put("MCP-Protocol-Version", version);
        var none =
                probe.target.exchange("POST", "/mcp", headers, McpChecks.request(4, "tools/list", WireJson.object()));
        var unknown = post("validate-no-such-session", McpChecks.request(5, "tools/list", WireJson.object()));
        boolean ok = none.status() == 400 && unknown.status() == 404;
        return CheckResult.of(
                Check.MCP_SPEC_SESSION,
                ok,
                "no session header → " + none.status() + ", unknown session → " + unknown.status(),
                "without Mcp-Session-Id: " + none.describe() + "; unknown id: " + unknown.describe());
    }

    private CheckResult toolsList() {
        String cursor = null;
        var evidence = new ArrayList<String>();
        for (int page = 0; page < 20; page++) {
            var params = WireJson.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            var answer = post(session, McpChecks.request(10 + page, "tools/list", params));
            JsonNode message = message(answer);
            if (answer.status() != 200
                    || message == null
                    || !message.path("result").path("tools").isArray()) {
                return CheckResult.of(
                        Check.MCP_SPEC_TOOLS_LIST, false, "page " + page + " not listed", answer.describe());
            }
            message.get("result").get("tools").forEach(tools::add);
            evidence.add(
                    "page " + page + ": " + message.get("result").get("tools").size() + " tool(s)");
            cursor = message.get("result").path("nextCursor").asString(null);
            if (cursor == null) {
                break;
            }
        }
        var problems = McpChecks.toolProblems(tools, true);
        return CheckResult.of(
                Check.MCP_SPEC_TOOLS_LIST,
                problems.isEmpty(),
                tools.size() + " tool(s), "
                        + tools.stream().filter(t -> t.has("outputSchema")).count() + " with output schemas",
                problems.isEmpty()
                        ? String.join(", ", evidence)
                        : String.join("; ", problems.stream().limit(6).toList()));
    }

    private CheckResult toolsCall() {
        var problems = new ArrayList<String>();
        var evidence = new ArrayList<String>();
        var random = new Random(probe.seed);
        int id = 100;
        int conforming = 0;
        for (JsonNode tool : tools.subList(0, Math.min(5, tools.size()))) {
            String name = tool.path("name").asString("");
            JsonNode args = McpChecks.arguments(tool.path("inputSchema"), random);
            var answer = post(
                    session,
                    McpChecks.request(
                            ++id,
                            "tools/call",
                            WireJson.object().put("name", name).set("arguments", args)));
            JsonNode message = message(answer);
            evidence.add(name + Socket.abbreviate(args.toString()) + " → " + Socket.abbreviate(answer.body()));
            String problem = McpChecks.responseProblem(message, WireJson.parse(Integer.toString(id)));
            if (problem != null) {
                problems.add(name + ": " + problem);
                continue;
            }
            JsonNode result = message.get("result");
            if (result == null) {
                continue; // a protocol error (-32602 for arguments in 2025-06-18) is a well-formed answer
            }
            problems.addAll(resultProblems(name, tool, result));
            conforming++;
        }
        var unknown = message(post(
                session,
                McpChecks.request(
                        199,
                        "tools/call",
                        WireJson.object().put("name", "validate_no_such_tool").set("arguments", WireJson.object()))));
        boolean unknownOk = unknown != null
                && (McpChecks.errorCode(unknown) == -32602
                        || unknown.path("result").path("isError").asBoolean(false));
        evidence.add(
                "unknown tool → " + (unknown == null ? "no JSON-RPC message" : Socket.abbreviate(unknown.toString())));
        if (!unknownOk) {
            problems.add("an unknown tool was neither -32602 nor an isError result");
        }
        return CheckResult.of(
                Check.MCP_SPEC_TOOLS_CALL,
                problems.isEmpty(),
                conforming + " result(s) checked",
                problems.isEmpty()
                        ? String.join("; ", evidence)
                        : String.join("; ", problems.stream().limit(6).toList()));
    }

    private static List<String> resultProblems(String name, JsonNode tool, JsonNode result) {
        var problems = new ArrayList<String>();
        if (!result.path("content").isArray()) {
            problems.add(name + ": result has no content list");
        } else {
            for (JsonNode block : result.get("content")) {
                if (!block.path("type").isString()) {
                    problems.add(name + ": a content block without a type");
                }
            }
        }
        if (result.has("isError") && !result.get("isError").isBoolean()) {
            problems.add(name + ": isError is not a boolean");
        }
        JsonNode output = tool.get("outputSchema");
        boolean error = result.path("isError").asBoolean(false);
        if (!error && output != null && output.isObject()) {
            if (!result.path("structuredContent").isObject()) {
                problems.add(name + ": outputSchema declared but no structuredContent");
            } else {
                for (String p : SchemaLint.conformance(output, output, result.get("structuredContent"))) {
                    problems.add(name + ": structuredContent " + p);
                }
            }
        }
        return problems;
    }

    private CheckResult notifications() {
        var initialized = post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        var cancelled = post(
                session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":987654}}");
        boolean ok = initialized.status() == 202
                && initialized.body().isEmpty()
                && cancelled.status() == 202
                && cancelled.body().isEmpty();
        return CheckResult.of(
                Check.MCP_SPEC_NOTIFICATIONS,
                ok,
                "initialized → " + initialized.status() + ", cancelled → " + cancelled.status(),
                "notifications/initialized: " + initialized.describe() + "; notifications/cancelled: "
                        + cancelled.describe());
    }

    private CheckResult errors() {
        var problems = new ArrayList<String>();
        var seen = new ArrayList<String>();
        Map<String, Integer> expected = new HashMap<>();
        var unknown = message(post(session, McpChecks.request(301, "validate/no_such_method", WireJson.object())));
        var parse = post(session, "{not json");
        var invalid = post(session, "{\"jsonrpc\":\"1.0\",\"id\":302,\"method\":\"ping\"}");
        expected.put("unknown method", -32601);
        expected.put("unparsable body", -32700);
        expected.put("invalid request", -32600);
        Map<String, JsonNode> got = Map.of(
                "unknown method",
                unknown == null ? WireJson.object() : unknown,
                "unparsable body",
                message(parse) == null ? WireJson.object() : message(parse),
                "invalid request",
                message(invalid) == null ? WireJson.object() : message(invalid));
        for (var entry : expected.entrySet()) {
            int code = McpChecks.errorCode(got.get(entry.getKey()));
            seen.add(entry.getKey() + " " + code);
            if (code != entry.getValue()) {
                problems.add(entry.getKey() + ": expected " + entry.getValue() + ", got "
                        + Socket.abbreviate(got.get(entry.getKey()).toString()));
            }
        }
        var ping = message(post(session, McpChecks.request(303, "ping", null)));
        boolean alive = ping != null && ping.path("result").isObject();
        if (!alive) {
            problems.add("the session did not answer ping afterwards");
        }
        return CheckResult.of(
                Check.MCP_SPEC_ERRORS,
                problems.isEmpty(),
                String.join(", ", seen) + ", session " + (alive ? "survives" : "lost"),
                problems.isEmpty()
                        ? "parse error HTTP " + parse.status() + ", invalid request HTTP " + invalid.status()
                        : String.join("; ", problems));
    }

    private CheckResult getDelete() {
        var headers = headers(session);
        headers.put("Accept", "text/event-stream");
        headers.remove("Content-Type");
        // A server with a stream keeps GET open: the reply timeout then ends it, which is not a failure here.
        var get = probe.target.exchangeHead("GET", "/mcp", headers);
        boolean getOk = get.status() == 405
                || (get.status() == 200
                        && String.valueOf(get.header("Content-Type")).startsWith("text/event-stream"));
        var deleted = probe.target.exchange("DELETE", "/mcp", headers(session), null);
        var after = post(session, McpChecks.request(401, "ping", null));
        boolean deleteOk = deleted.status() == 405 || (deleted.status() / 100 == 2 && after.status() == 404);
        if (deleted.status() / 100 == 2) {
            session = null;
        }
        return CheckResult.of(
                Check.MCP_SPEC_GET_DELETE,
                getOk && deleteOk,
                "GET → " + get.status() + ", DELETE → " + deleted.status() + ", then " + after.status(),
                "GET: " + get.describe() + "; DELETE: " + deleted.describe() + "; ping after DELETE: "
                        + after.describe());
    }
}
