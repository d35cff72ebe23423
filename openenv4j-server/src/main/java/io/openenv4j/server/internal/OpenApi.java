package io.openenv4j.server.internal;

import io.openenv4j.core.EnvSpec;
import io.openenv4j.server.ServerMode;
import io.openenv4j.wire.EnvCodec;
import io.openenv4j.wire.WireJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code GET /openapi.json} document. {@code openenv validate} reads {@code info.version} (1.x means
 * the standard {@code openenv-http/1.x} profile) and infers the mode from which paths are listed, so the
 * paths follow the server's mode exactly.
 */
final class OpenApi {

    private OpenApi() {}

    static ObjectNode document(EnvSpec<?, ?, ?> spec, ServerMode mode) {
        ObjectNode schemas = EnvCodec.of(spec).schema();
        var doc = WireJson.object();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "OpenEnv Environment HTTP API");
        info.put("version", "1.0.0");
        info.put("description", "OpenEnv4j serving '" + spec.metadata().name() + "': "
                + spec.metadata().description() + " WebSocket sessions at /ws, JSON-RPC at /mcp.");
        ObjectNode paths = doc.putObject("paths");
        if (mode == ServerMode.SIMULATION) {
            operation(paths, "/reset", "post", "Reset a fresh environment instance (stateless)", ref("StepPayload"), true);
            operation(paths, "/step", "post", "Step a fresh environment instance (stateless)", ref("StepPayload"), true);
            operation(paths, "/state", "get", "State of a fresh environment instance", schemas.get("state"), false);
        }
        operation(paths, "/metadata", "get", "Environment metadata", ref("EnvironmentMetadata"), false);
        operation(paths, "/health", "get", "Liveness", ref("HealthResponse"), false);
        operation(paths, "/schema", "get", "JSON Schemas of action, observation and state", object(), false);
        operation(paths, "/mcp", "post", "JSON-RPC 2.0 tool access (OpenEnv MCP dialect)", object(), true);

        ObjectNode components = doc.putObject("components").putObject("schemas");
        components.set("Action", schemas.get("action"));
        components.set("Observation", schemas.get("observation"));
        components.set("State", schemas.get("state"));
        ObjectNode payload = components.putObject("StepPayload");
        payload.put("type", "object");
        ObjectNode props = payload.putObject("properties");
        props.set("observation", ref("Observation"));
        props.putObject("reward").putArray("type").add("number").add("null");
        props.putObject("done").put("type", "boolean");
        payload.putArray("required").add("observation").add("reward").add("done");
        ObjectNode metadata = components.putObject("EnvironmentMetadata");
        metadata.put("type", "object");
        ObjectNode metaProps = metadata.putObject("properties");
        for (String key : new String[] {"name", "description", "readme_content", "version", "author", "documentation_url"}) {
            metaProps.putObject(key).putArray("type").add("string").add("null");
        }
        ObjectNode measured = metaProps.putObject("measured_fields");
        measured.put("type", "array");
        measured.putObject("items").put("type", "string");
        measured.put("description", "Observation fields carrying live measurements (sent only when declared)");
        metadata.putArray("required").add("name").add("description");
        ObjectNode health = components.putObject("HealthResponse");
        health.put("type", "object");
        health.putObject("properties").putObject("status").putArray("enum").add("healthy").add("unhealthy").add("degraded");
        return doc;
    }

    private static void operation(ObjectNode paths, String path, String method, String summary,
            tools.jackson.databind.JsonNode responseSchema, boolean hasBody) {
        ObjectNode op = paths.putObject(path).putObject(method);
        op.put("summary", summary);
        if (hasBody) {
            op.putObject("requestBody").putObject("content").putObject("application/json").set("schema", object());
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject("200");
        ok.put("description", "Successful Response");
        ok.putObject("content").putObject("application/json").set("schema", responseSchema);
        if (hasBody && !path.equals("/mcp")) {
            responses.putObject("422").put("description", "Validation Error");
        }
    }

    private static ObjectNode ref(String name) {
        var node = WireJson.object();
        node.put("$ref", "#/components/schemas/" + name);
        return node;
    }

    private static ObjectNode object() {
        var node = WireJson.object();
        node.put("type", "object");
        return node;
    }
}
