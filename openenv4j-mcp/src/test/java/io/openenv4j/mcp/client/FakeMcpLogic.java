package io.openenv4j.mcp.client;

import io.openenv4j.mcp.JsonRpc;
import io.openenv4j.wire.WireJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The behaviour of the scripted MCP test server, shared by its stdio ({@link FakeMcpServer}) and HTTP
 * ({@link FakeHttpMcpServer}) forms. Tools (deterministic unless noted):
 *
 * <ul>
 *   <li>{@code echo(message)}: text {@code echo: <message>}, structured {@code {"message":…}};
 *   <li>{@code add(a, b)}: text and structured {@code {"result": a+b}} marked as wrapped (FastMCP style);
 *   <li>{@code fail(message)}: an error result ({@code isError});
 *   <li>{@code strict(count)}: a JSON-RPC {@code -32602} error unless {@code count} is an integer;
 *   <li>{@code blocks}: one content block of every kind, and one of an unknown kind;
 *   <li>{@code chatty}: progress (when asked), a log message and {@code tools/list_changed}, then a result;
 *   <li>{@code ask}: sends the client {@code ping} and {@code roots/list} and reports the answers;
 *   <li>{@code slow(ms)}: answers after {@code ms} milliseconds;
 *   <li>{@code hang}: never answers;
 *   <li>{@code seen}: the notifications received so far ({@code [{"method":…,"params":…}, …]});
 *   <li>{@code malformed}: a reply with neither result nor error;
 *   <li>{@code garbage}: a line that is not JSON (stdio only), then a normal result;
 *   <li>{@code die} and {@code spawn}: listed here, carried out by {@link FakeMcpServer} (stdio only).
 * </ul>
 *
 * Unknown tools get a JSON-RPC {@code -32602} error. {@code tools/list} has pages of three tools.
 */
final class FakeMcpLogic {

    /** Where the logic's messages go. */
    interface Out {
        void send(ObjectNode message);

        /** Raw text, for transports where that is possible. */
        default void raw(String text) {}
    }

    static final List<String> TOOLS = List.of(
            "echo",
            "add",
            "fail",
            "strict",
            "blocks",
            "chatty",
            "ask",
            "slow",
            "hang",
            "seen",
            "malformed",
            "garbage",
            "die",
            "spawn");

    private final String protocolVersion;
    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<JsonNode>> asked = new ConcurrentHashMap<>();

    FakeMcpLogic(String protocolVersion) {
        this.protocolVersion = protocolVersion;
    }

    /** Handles one message from the client; may block (slow, ask) and may never answer (hang). */
    void handle(JsonNode message, Out out) throws Exception {
        JsonNode id = message.get("id");
        if (!message.has("method")) {
            CompletableFuture<JsonNode> waiting = asked.remove(id.asString());
            if (waiting != null) {
                waiting.complete(message);
            }
            return;
        }
        String method = message.get("method").asString();
        ObjectNode params = message.get("params") instanceof ObjectNode p ? p : WireJson.object();
        if (id == null || id.isNull()) {
            ObjectNode seen = WireJson.object();
            seen.put("method", method);
            seen.set("params", params);
            notifications.add(seen);
            return;
        }
        switch (method) {
            case "initialize" -> {
                ObjectNode result = WireJson.object();
                String offered = params.path("protocolVersion").asString();
                result.put("protocolVersion", protocolVersion == null ? offered : protocolVersion);
                result.putObject("capabilities").putObject("tools").put("listChanged", true);
                result.putObject("serverInfo").put("name", "fake").put("version", "1.0");
                result.put("instructions", "Use echo.");
                out.send(result(id, result));
            }
            case "ping" -> out.send(result(id, WireJson.object()));
            case "tools/list" ->
                out.send(result(id, toolsPage(params.path("cursor").asString("0"))));
            case "tools/call" -> call(id, params, out);
            default -> out.send(error(id, -32601, "Method not found: " + method, null));
        }
    }

    private void call(JsonNode id, ObjectNode params, Out out) throws Exception {
        String name = params.path("name").asString("");
        JsonNode args = params.path("arguments");
        switch (name) {
            case "echo" -> {
                ObjectNode structured = WireJson.object();
                structured.put("message", args.path("message").asString(""));
                out.send(result(id, toolResult("echo: " + args.path("message").asString(""), structured, false)));
            }
            case "add" -> {
                ObjectNode structured = WireJson.object();
                structured.put(
                        "result", args.path("a").asLong() + args.path("b").asLong());
                ObjectNode result =
                        toolResult(String.valueOf(structured.get("result").asLong()), structured, false);
                result.putObject("_meta").putObject("fastmcp").put("wrap_result", true);
                out.send(result(id, result));
            }
            case "fail" ->
                out.send(result(id, toolResult("failed: " + args.path("message").asString(""), null, true)));
            case "strict" -> {
                if (!args.path("count").isIntegralNumber()) {
                    out.send(error(id, -32602, "Invalid params: count must be an integer", Map.of("field", "count")));
                } else {
                    out.send(result(id, toolResult("ok", null, false)));
                }
            }
            case "blocks" -> out.send(result(id, blocks()));
            case "chatty" -> {
                JsonNode token = params.path("_meta").get("progressToken");
                if (token != null) {
                    for (int i = 1; i <= 2; i++) {
                        ObjectNode progress = WireJson.object();
                        progress.set("progressToken", token);
                        progress.put("progress", i);
                        progress.put("total", 2);
                        progress.put("message", "step " + i);
                        out.send(notification("notifications/progress", progress));
                    }
                }
                ObjectNode log = WireJson.object();
                log.put("level", "warning");
                log.put("logger", "fake");
                log.put("data", "careful");
                out.send(notification("notifications/message", log));
                out.send(notification("notifications/tools/list_changed", null));
                out.send(notification("notifications/custom", WireJson.object().put("x", 1)));
                out.send(result(id, toolResult("chatted", null, false)));
            }
            case "ask" -> {
                JsonNode ping = ask("s-ping", "ping", out);
                JsonNode roots = ask("s-roots", "roots/list", out);
                ObjectNode answers = WireJson.object();
                answers.set("ping", ping);
                answers.set("roots", roots);
                out.send(result(id, toolResult(WireJson.write(answers), answers, false)));
            }
            case "slow" -> {
                Thread.sleep(args.path("ms").asLong(100));
                out.send(result(id, toolResult("slept " + args.path("ms").asLong(100), null, false)));
            }
            case "hang" -> {
                // Never answers.
            }
            case "seen" -> {
                ArrayNode list = WireJson.mapper().createArrayNode();
                notifications.forEach(list::add);
                ObjectNode structured = WireJson.object();
                structured.set("notifications", list);
                out.send(result(id, toolResult(WireJson.write(list), structured, false)));
            }
            case "malformed" -> {
                ObjectNode reply = WireJson.object();
                reply.put("jsonrpc", "2.0");
                reply.set("id", id);
                out.send(reply);
            }
            case "garbage" -> {
                out.raw("this is not JSON");
                out.raw("{\"half\": ");
                out.send(result(id, toolResult("after garbage", null, false)));
            }
            default -> out.send(error(id, -32602, "Unknown tool: " + name, null));
        }
    }

    private JsonNode ask(String askId, String method, Out out) throws Exception {
        var answer = new CompletableFuture<JsonNode>();
        asked.put(askId, answer);
        ObjectNode request = WireJson.object();
        request.put("jsonrpc", "2.0");
        request.put("id", askId);
        request.put("method", method);
        out.send(request);
        JsonNode reply = answer.get(10, TimeUnit.SECONDS);
        return reply.has("error") ? reply.get("error") : reply.get("result");
    }

    private static ObjectNode toolsPage(String cursor) {
        int start = Integer.parseInt(cursor);
        ObjectNode result = WireJson.object();
        ArrayNode tools = result.putArray("tools");
        for (int i = start; i < Math.min(start + 3, TOOLS.size()); i++) {
            ObjectNode tool = tools.addObject();
            tool.put("name", TOOLS.get(i));
            tool.put("description", "The " + TOOLS.get(i) + " tool.");
            ObjectNode schema = tool.putObject("inputSchema");
            schema.put("type", "object");
            if (TOOLS.get(i).equals("echo")) {
                schema.putObject("properties").putObject("message").put("type", "string");
                schema.putArray("required").add("message");
                tool.putObject("annotations").put("readOnlyHint", true);
            }
        }
        if (start + 3 < TOOLS.size()) {
            result.put("nextCursor", String.valueOf(start + 3));
        }
        return result;
    }

    private static ObjectNode blocks() {
        ObjectNode result = WireJson.object();
        ArrayNode content = result.putArray("content");
        content.addObject()
                .put("type", "text")
                .put("text", "hello")
                .putObject("annotations")
                .put("priority", 0.5);
        content.addObject().put("type", "image").put("data", "aW1n").put("mimeType", "image/png");
        content.addObject().put("type", "audio").put("data", "YXVk").put("mimeType", "audio/wav");
        content.addObject()
                .put("type", "resource_link")
                .put("uri", "file:///a.txt")
                .put("name", "a.txt")
                .put("mimeType", "text/plain");
        ObjectNode embedded = content.addObject().put("type", "resource");
        embedded.putObject("resource")
                .put("uri", "demo://r/1")
                .put("mimeType", "text/plain")
                .put("text", "inside");
        content.addObject().put("type", "widget").put("size", 3);
        result.put("isError", false);
        return result;
    }

    private static ObjectNode toolResult(String text, ObjectNode structured, boolean isError) {
        ObjectNode result = WireJson.object();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        if (structured != null) {
            result.set("structuredContent", structured);
        }
        result.put("isError", isError);
        return result;
    }

    static ObjectNode result(JsonNode id, JsonNode result) {
        return JsonRpc.result(id, result);
    }

    static ObjectNode error(JsonNode id, int code, String message, Object data) {
        return JsonRpc.error(id, code, message, data);
    }

    static ObjectNode notification(String method, ObjectNode params) {
        ObjectNode message = WireJson.object();
        message.put("jsonrpc", "2.0");
        message.put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        return message;
    }
}
