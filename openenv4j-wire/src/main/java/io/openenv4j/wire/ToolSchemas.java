package io.openenv4j.wire;

import tools.jackson.databind.node.ObjectNode;

/** The JSON Schema of OpenEnv's tool actions ({@code list_tools} or {@code call_tool}). */
final class ToolSchemas {

    private ToolSchemas() {}

    static ObjectNode toolAction() {
        var list = WireJson.object();
        list.put("title", "ListToolsAction");
        list.put("type", "object");
        var listProps = list.putObject("properties");
        listProps.putObject("type").put("const", "list_tools").put("title", "Type");
        listProps.putObject("metadata").put("type", "object").put("additionalProperties", true).put("title", "Metadata");
        list.putArray("required").add("type");
        list.put("additionalProperties", false);

        var call = WireJson.object();
        call.put("title", "CallToolAction");
        call.put("type", "object");
        var callProps = call.putObject("properties");
        callProps.putObject("type").put("const", "call_tool").put("default", "call_tool").put("title", "Type");
        callProps.putObject("tool_name").put("type", "string").put("title", "Tool Name");
        callProps.putObject("arguments").put("type", "object").put("additionalProperties", true).put("title", "Arguments");
        callProps.putObject("metadata").put("type", "object").put("additionalProperties", true).put("title", "Metadata");
        call.putArray("required").add("tool_name");
        call.put("additionalProperties", false);

        var schema = WireJson.object();
        schema.put("title", "ToolAction");
        schema.putArray("oneOf").add(list).add(call);
        return schema;
    }
}
