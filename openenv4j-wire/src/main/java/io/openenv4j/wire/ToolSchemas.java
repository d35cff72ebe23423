package io.openenv4j.wire;

import tools.jackson.databind.node.ObjectNode;

/** The JSON Schema of OpenEnv's tool actions ({@code list_tools} or {@code call_tool}). */
final class ToolSchemas {

    private ToolSchemas() {}

    /**
     * The reference's {@code CallToolAction} schema ({@code openenv} 0.3.0 to 0.10.0 publish the same one for
     * tool environments), which trainers' clients (verifiers, for one) recognise by its title or by its {@code
     * tool_name} and {@code arguments} properties. A {@code list_tools} action is still accepted on the wire.
     */
    static ObjectNode toolAction() {
        var call = WireJson.object();
        call.put("additionalProperties", false);
        call.put(
                "description",
                "Call a specific tool via MCP.\n\nThis action triggers MCP's tools/call operation with the\n"
                        + "specified tool name and arguments.");
        var props = call.putObject("properties");
        props.putObject("metadata")
                .put("additionalProperties", true)
                .put("description", "Additional metadata for the action")
                .put("title", "Metadata")
                .put("type", "object");
        props.putObject("type")
                .put("const", "call_tool")
                .put("default", "call_tool")
                .put("description", "Action type discriminator")
                .put("title", "Type")
                .put("type", "string");
        props.putObject("tool_name")
                .put("description", "Name of the tool to call")
                .put("title", "Tool Name")
                .put("type", "string");
        props.putObject("arguments")
                .put("additionalProperties", true)
                .put("description", "Arguments to pass to the tool")
                .put("title", "Arguments")
                .put("type", "object");
        call.putArray("required").add("tool_name");
        call.put("title", "CallToolAction");
        call.put("type", "object");
        return call;
    }
}
