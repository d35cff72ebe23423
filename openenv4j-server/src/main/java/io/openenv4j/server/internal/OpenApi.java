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
        info.put(
                "description",
                "OpenEnv4j serving '" + spec.metadata().name() + "': "
                        + spec.metadata().description() + " WebSocket sessions at /ws, JSON-RPC at /mcp.");
        ObjectNode paths = doc.putObject("paths");
        if (mode == ServerMode.SIMULATION) {
            operation(
                    paths,
                    "/reset",
                    "post",
                    "Reset a fresh environment instance (stateless)",
                    ref("StepPayload"),
                    true);
            operation(
                    paths, "/step", "post", "Step a fresh environment instance (stateless)", ref("StepPayload"), true);
            operation(paths, "/state", "get", "State of a fresh environment instance", schemas.get("state"), false);
        }
        operation(paths, "/metadata", "get", "Environment metadata", ref("EnvironmentMetadata"), false);
        operation(paths, "/health", "get", "Liveness", ref("HealthResponse"), false);
        operation(paths, "/schema", "get", "JSON Schemas of action, observation and state", object(), false);
        operation(paths, "/mcp", "post", "JSON-RPC 2.0 tool access (OpenEnv MCP dialect)", object(), true);
        taskRoutes(paths);

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
        for (String key :
                new String[] {"name", "description", "readme_content", "version", "author", "documentation_url"}) {
            metaProps.putObject(key).putArray("type").add("string").add("null");
        }
        ObjectNode measured = metaProps.putObject("measured_fields");
        measured.put("type", "array");
        measured.putObject("items").put("type", "string");
        measured.put("description", "Observation fields carrying live measurements (sent only when declared)");
        metadata.putArray("required").add("name").add("description");
        ObjectNode health = components.putObject("HealthResponse");
        health.put("type", "object");
        health.putObject("properties")
                .putObject("status")
                .putArray("enum")
                .add("healthy")
                .add("unhealthy")
                .add("degraded");
        taskRequests(components);
        return doc;
    }

    /**
     * The task API (openenv 0.4.2+) as the reference's {@code create_app} documents it in every mode: tag
     * {@code Task API}, the path parameter {@code env_name}, its request models by name, {@code 422} on the
     * POST routes.
     */
    private static void taskRoutes(ObjectNode paths) {
        ObjectNode list = paths.putObject("/list_environments").putObject("get");
        list.putArray("tags").add("Task API");
        list.put("summary", "List Environments");
        list.put("operationId", "list_environments_list_environments_get");
        ObjectNode names = WireJson.object();
        names.putObject("items").put("type", "string");
        names.put("type", "array");
        names.put("title", "Response List Environments List Environments Get");
        list.putObject("responses").set("200", okJson(names));

        ObjectNode splits = paths.putObject("/{env_name}/splits").putObject("get");
        taskOperation(
                splits,
                "List Splits",
                "list_splits__env_name__splits_get",
                null,
                arrayOfObjects("Response List Splits  Env Name  Splits Get"));
        taskPost(paths, "tasks", "Tasks", "List Tasks", "list_tasks", "ListTasksRequest");
        taskPost(paths, "num_tasks", "Num Tasks", "Num Tasks", "num_tasks", "NumTasksRequest");
        taskPost(paths, "task", "Task", "Get Task", "get_task", "GetTaskRequest");
        taskPost(paths, "task_range", "Task Range", "Get Task Range", "get_task_range", "GetTaskRangeRequest");
    }

    private static void taskPost(
            ObjectNode paths, String route, String routeTitle, String summary, String function, String request) {
        ObjectNode op = paths.putObject("/{env_name}/" + route).putObject("post");
        String title = "Response " + summary + "  Env Name  " + routeTitle + " Post";
        ObjectNode response = WireJson.object();
        response.put("type", "object");
        response.put("additionalProperties", true);
        response.put("title", title);
        taskOperation(op, summary, function + "__env_name__" + route + "_post", request, response);
    }

    private static void taskOperation(
            ObjectNode op, String summary, String operationId, String request, ObjectNode response) {
        op.putArray("tags").add("Task API");
        op.put("summary", summary);
        op.put("operationId", operationId);
        ObjectNode parameter = op.putArray("parameters").addObject();
        parameter.put("name", "env_name");
        parameter.put("in", "path");
        parameter.put("required", true);
        parameter.putObject("schema").put("type", "string").put("title", "Env Name");
        if (request != null) {
            ObjectNode body = op.putObject("requestBody");
            body.put("required", true);
            body.putObject("content").putObject("application/json").set("schema", ref(request));
        }
        ObjectNode responses = op.putObject("responses");
        responses.set("200", okJson(response));
        responses.putObject("422").put("description", "Validation Error");
    }

    private static ObjectNode okJson(ObjectNode schema) {
        ObjectNode ok = WireJson.object();
        ok.put("description", "Successful Response");
        ok.putObject("content").putObject("application/json").set("schema", schema);
        return ok;
    }

    private static ObjectNode arrayOfObjects(String title) {
        ObjectNode array = WireJson.object();
        array.put("type", "array");
        array.putObject("items").put("type", "object").put("additionalProperties", true);
        array.put("title", title);
        return array;
    }

    /** The reference's task request models ({@code extra="forbid"}), as pydantic writes their schemas. */
    private static void taskRequests(ObjectNode components) {
        for (String name :
                new String[] {"ListTasksRequest", "NumTasksRequest", "GetTaskRequest", "GetTaskRangeRequest"}) {
            ObjectNode model = components.putObject(name);
            ObjectNode properties = model.putObject("properties");
            properties
                    .putObject("split")
                    .put("type", "string")
                    .put("title", "Split")
                    .put("description", "Task split name");
            var required = model.arrayNode().add("split");
            if (name.equals("GetTaskRequest")) {
                properties
                        .putObject("index")
                        .put("type", "integer")
                        .put("title", "Index")
                        .put("description", "Task index within the split");
                required.add("index");
            } else if (name.equals("GetTaskRangeRequest")) {
                optionalInteger(properties, "start", "Start", "Inclusive start index");
                optionalInteger(properties, "stop", "Stop", "Exclusive stop index");
            }
            model.put("additionalProperties", false);
            model.put("type", "object");
            model.set("required", required);
            model.put("title", name);
        }
    }

    private static void optionalInteger(ObjectNode properties, String name, String title, String description) {
        ObjectNode property = properties.putObject(name);
        property.putArray("anyOf")
                .add(WireJson.object().put("type", "integer"))
                .add(WireJson.object().put("type", "null"));
        property.put("title", title);
        property.put("description", description);
    }

    private static void operation(
            ObjectNode paths,
            String path,
            String method,
            String summary,
            tools.jackson.databind.JsonNode responseSchema,
            boolean hasBody) {
        ObjectNode op = paths.putObject(path).putObject(method);
        op.put("summary", summary);
        if (hasBody) {
            op.putObject("requestBody")
                    .putObject("content")
                    .putObject("application/json")
                    .set("schema", object());
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
