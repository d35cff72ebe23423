package io.openenv4j.validate.internal;

import io.openenv4j.validate.Check;
import io.openenv4j.validate.CheckResult;
import io.openenv4j.wire.WireJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /mcp} surfaces of tool environments: OpenEnv's JSON-RPC dialect on {@code POST /mcp} and in
 * {@code mcp} frames of {@code /ws}; then spec MCP (Streamable HTTP, {@link McpSpecChecks}). Environments
 * without tools skip every check with the reason.
 */
final class McpChecks {

    private final Probe probe;
    private List<JsonNode> tools = List.of();

    McpChecks(Probe probe) {
        this.probe = probe;
    }

    void run() {
        Recorder r = probe.recorder;
        var list = probe.target.post("/mcp", request(1, "tools/list", WireJson.object()));
        String notTools = notATool(list);
        if (notTools != null) {
            for (Check check : List.of(
                    Check.MCP_TOOLS_LIST,
                    Check.MCP_TOOLS_CALL,
                    Check.MCP_ERRORS,
                    Check.MCP_WS_FRAMES,
                    Check.MCP_SPEC_INITIALIZE,
                    Check.MCP_SPEC_VERSION,
                    Check.MCP_SPEC_SESSION,
                    Check.MCP_SPEC_TOOLS_LIST,
                    Check.MCP_SPEC_TOOLS_CALL,
                    Check.MCP_SPEC_NOTIFICATIONS,
                    Check.MCP_SPEC_GET_DELETE,
                    Check.MCP_SPEC_ERRORS)) {
                r.skip(check, notTools);
            }
            return;
        }
        r.run(Check.MCP_TOOLS_LIST, () -> toolsList(list));
        r.run(Check.MCP_TOOLS_CALL, this::toolsCall);
        r.run(Check.MCP_ERRORS, this::errors);
        r.run(Check.MCP_WS_FRAMES, this::wsFrames);
        new McpSpecChecks(probe).run();
    }

    /** Why the target is not a tool environment, or null when it is (or claims to be and must be checked). */
    private String notATool(Target.Answer list) {
        var schema = probe.target.get("/schema");
        boolean toolActions =
                schema.ok() && schema.json().path("action").toString().contains("tool_name");
        if (toolActions) {
            return null;
        }
        if (list.ok() && list.json().path("result").path("tools").isArray()) {
            return null;
        }
        return "not a tool environment: the action schema names no tool_name and POST /mcp tools/list answered "
                + list.describe();
    }

    static String request(Object id, String method, JsonNode params) {
        ObjectNode request = WireJson.object().put("jsonrpc", "2.0");
        if (id instanceof Integer number) {
            request.put("id", number);
        } else if (id != null) {
            request.put("id", id.toString());
        }
        request.put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        return WireJson.write(request);
    }

    /** Arguments for a tool, drawn from its input schema. */
    static JsonNode arguments(JsonNode inputSchema, Random random) {
        JsonNode sample =
                inputSchema.isObject() ? ActionSampler.sample(inputSchema, inputSchema, random, 0) : WireJson.object();
        return sample.isObject() ? sample : WireJson.object();
    }

    static JsonNode inputSchema(JsonNode tool) {
        return tool.has("inputSchema") ? tool.get("inputSchema") : tool.path("input_schema");
    }

    /** Why a JSON-RPC response is malformed for request id {@code id}, or null. */
    static String responseProblem(JsonNode response, JsonNode id) {
        if (response == null || !response.isObject()) {
            return "not a JSON object";
        }
        if (!"2.0".equals(response.path("jsonrpc").asString(""))) {
            return "jsonrpc is " + response.path("jsonrpc");
        }
        if (id != null && !id.equals(response.path("id"))) {
            return "id " + response.path("id") + " does not echo " + id;
        }
        boolean result = response.has("result");
        boolean error = response.has("error");
        if (result == error) {
            return "needs exactly one of result and error";
        }
        if (error
                && !(response.get("error").path("code").isIntegralNumber()
                        && response.get("error").path("message").isString())) {
            return "error lacks an integer code or a string message";
        }
        return null;
    }

    static int errorCode(JsonNode response) {
        return response == null ? 0 : response.path("error").path("code").asInt(0);
    }

    private CheckResult toolsList(Target.Answer list) {
        if (!list.ok()) {
            return CheckResult.of(Check.MCP_TOOLS_LIST, false, "HTTP " + list.status(), list.describe());
        }
        String problem = responseProblem(list.json(), WireJson.parse("1"));
        if (problem == null && !list.json().path("result").path("tools").isArray()) {
            problem = "result.tools is not an array";
        }
        if (problem != null) {
            return CheckResult.of(Check.MCP_TOOLS_LIST, false, problem, list.describe());
        }
        var found = new ArrayList<JsonNode>();
        list.json().path("result").path("tools").forEach(found::add);
        tools = List.copyOf(found);
        var problems = toolProblems(tools, false);
        return CheckResult.of(
                Check.MCP_TOOLS_LIST,
                problems.isEmpty(),
                tools.size() + " tool(s)",
                problems.isEmpty()
                        ? "tools "
                                + tools.stream()
                                        .map(t -> t.path("name").asString(""))
                                        .toList()
                        : String.join("; ", problems.stream().limit(6).toList()));
    }

    /** Problems of listed tools: names, input schemas (and output schemas when {@code spec}). */
    static List<String> toolProblems(List<JsonNode> tools, boolean spec) {
        var problems = new ArrayList<String>();
        var names = new HashSet<String>();
        for (JsonNode tool : tools) {
            String name = tool.path("name").asString("");
            if (name.isEmpty()) {
                problems.add("a tool without a name: " + Socket.abbreviate(tool.toString()));
                continue;
            }
            if (!names.add(name)) {
                problems.add("tool '" + name + "' listed twice");
            }
            JsonNode input = spec ? tool.path("inputSchema") : inputSchema(tool);
            for (String p : SchemaLint.objectSchemaProblems(input)) {
                problems.add("'" + name + "' inputSchema " + p);
            }
            if (spec && tool.has("outputSchema") && !tool.get("outputSchema").isNull()) {
                for (String p : SchemaLint.objectSchemaProblems(tool.get("outputSchema"))) {
                    problems.add("'" + name + "' outputSchema " + p);
                }
            }
        }
        return problems;
    }

    private CheckResult toolsCall() {
        if (tools.isEmpty()) {
            return CheckResult.skipped(Check.MCP_TOOLS_CALL, "no tools listed");
        }
        var random = new Random(probe.seed);
        var evidence = new ArrayList<String>();
        var problems = new ArrayList<String>();
        int results = 0;
        int id = 100;
        for (JsonNode tool : tools.subList(0, Math.min(5, tools.size()))) {
            String name = tool.path("name").asString("");
            JsonNode args = arguments(inputSchema(tool), random);
            var answer = probe.target.post(
                    "/mcp",
                    request(
                            ++id,
                            "tools/call",
                            WireJson.object().put("name", name).set("arguments", args)));
            String problem = answer.status() != 200
                    ? "HTTP " + answer.status()
                    : responseProblem(answer.json(), WireJson.parse(Integer.toString(id)));
            if (problem == null
                    && answer.json().has("result")
                    && !answer.json().get("result").path("content").isArray()) {
                problem = "result has no content list";
            }
            if (problem != null) {
                problems.add(name + ": " + problem + " (" + answer.describe() + ")");
            } else if (answer.json().has("result")) {
                results++;
            }
            evidence.add(name + Socket.abbreviate(args.toString()) + " → " + Socket.abbreviate(answer.body()));
        }
        int calls = Math.min(5, tools.size());
        return CheckResult.of(
                Check.MCP_TOOLS_CALL,
                problems.isEmpty(),
                results + "/" + calls + " calls returned results",
                problems.isEmpty() ? String.join("; ", evidence) : String.join("; ", problems));
    }

    private CheckResult errors() {
        var problems = new ArrayList<String>();
        var seen = new ArrayList<String>();
        expect(
                "unknown tool",
                probe.target.post(
                        "/mcp",
                        request(
                                11,
                                "tools/call",
                                WireJson.object()
                                        .put("name", "validate_no_such_tool")
                                        .set("arguments", WireJson.object()))),
                List.of(-32602, -32603),
                problems,
                seen);
        expect(
                "unknown method",
                probe.target.post("/mcp", request(12, "validate/no_such_method", WireJson.object())),
                List.of(-32601),
                problems,
                seen);
        expect(
                "missing name",
                probe.target.post("/mcp", request(13, "tools/call", WireJson.object())),
                List.of(-32602),
                problems,
                seen);
        var parse = probe.target.post("/mcp", "{not json");
        expect("unparsable body", parse, List.of(-32700), problems, seen);
        if (parse.json() != null && !parse.json().path("id").isNull()) {
            problems.add("unparsable body: id " + parse.json().path("id") + ", expected null");
        }
        expect(
                "invalid request",
                probe.target.post("/mcp", "{\"jsonrpc\":\"1.0\",\"id\":14,\"method\":\"tools/list\"}"),
                List.of(-32600),
                problems,
                seen);
        return CheckResult.of(
                Check.MCP_ERRORS,
                problems.isEmpty(),
                String.join(", ", seen),
                problems.isEmpty() ? "all five bad requests got their codes" : String.join("; ", problems));
    }

    private static void expect(
            String what, Target.Answer answer, List<Integer> codes, List<String> problems, List<String> seen) {
        int code = errorCode(answer.json());
        seen.add(what + " " + (code == 0 ? "HTTP " + answer.status() : code));
        if (answer.status() != 200 || !codes.contains(code)) {
            problems.add(what + ": expected HTTP 200 with " + codes + ", got " + answer.describe());
        }
    }

    private CheckResult wsFrames() {
        try (Socket socket = probe.target.socket()) {
            var problems = new ArrayList<String>();
            var evidence = new ArrayList<String>();
            var list = socket.send("{\"type\":\"mcp\",\"data\":" + request(1, "tools/list", WireJson.object()) + "}");
            evidence.add("tools/list → " + Socket.describe(list));
            var names = new ArrayList<String>();
            if (list instanceof Socket.Frame.Text text
                    && text.type().equals("mcp")
                    && responseProblem(text.data(), WireJson.parse("1")) == null
                    && text.data().path("result").path("tools").isArray()) {
                text.data()
                        .path("result")
                        .path("tools")
                        .forEach(tool -> names.add(tool.path("name").asString("")));
                var httpNames =
                        tools.stream().map(t -> t.path("name").asString("")).toList();
                if (!names.equals(httpNames)) {
                    problems.add("WS tools " + names + " differ from POST /mcp tools " + httpNames);
                }
            } else {
                problems.add("tools/list did not get an 'mcp' frame with a tools result");
            }
            if (!tools.isEmpty()) {
                JsonNode tool = tools.getFirst();
                JsonNode args = arguments(inputSchema(tool), new Random(probe.seed));
                var call = socket.send("{\"type\":\"mcp\",\"data\":"
                        + request(
                                2,
                                "tools/call",
                                WireJson.object()
                                        .put("name", tool.path("name").asString(""))
                                        .set("arguments", args))
                        + "}");
                evidence.add("tools/call → " + Socket.describe(call));
                if (!(call instanceof Socket.Frame.Text text
                        && text.type().equals("mcp")
                        && responseProblem(text.data(), WireJson.parse("2")) == null)) {
                    problems.add("tools/call did not get a well-formed 'mcp' frame");
                }
            }
            var bad = socket.send("{\"type\":\"mcp\",\"data\":{\"validate\":1}}");
            evidence.add("data {\"validate\":1} → " + Socket.describe(bad));
            if (!(bad instanceof Socket.Frame.Text text
                    && text.type().equals("mcp")
                    && errorCode(text.data()) == -32600)) {
                problems.add("a data that is no JSON-RPC request did not get an 'mcp' frame with -32600");
            }
            boolean alive = socket.alive();
            if (!alive) {
                problems.add("session lost");
            }
            return CheckResult.of(
                    Check.MCP_WS_FRAMES,
                    problems.isEmpty(),
                    names.size() + " tool(s) over WS, session " + (alive ? "survives" : "lost"),
                    problems.isEmpty()
                            ? String.join("; ", evidence)
                            : String.join("; ", problems) + " | " + String.join("; ", evidence));
        }
    }
}
