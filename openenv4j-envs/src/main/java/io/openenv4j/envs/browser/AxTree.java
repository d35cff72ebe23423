package io.openenv4j.envs.browser;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Renders CDP's accessibility tree as compact text for an agent, one node a line, indented by depth, each
 * with a reference number the agent can click or type into: {@code [4] textbox "Email" value="a@b.c"}.
 * Ignored and purely structural nodes are left out (their children are kept); a text node is left out when
 * the node above it already carries the same words. References are numbered in document order, so the same
 * page gives the same references.
 */
final class AxTree {

    /** The rendered tree and, per reference number, the DOM node it stands for. */
    record Snapshot(String text, Map<Integer, Long> nodes) {
        Snapshot {
            nodes = Map.copyOf(nodes);
        }
    }

    private static final Set<String> STRUCTURAL = Set.of(
            "none",
            "generic",
            "InlineTextBox",
            "LineBreak",
            "presentation",
            "group",
            "LayoutTable",
            "LayoutTableRow",
            "LayoutTableCell",
            "ListMarker");
    private static final int MAX_TEXT = 200;

    private AxTree() {}

    static Snapshot render(List<JsonNode> nodes) {
        var byId = new HashMap<String, JsonNode>();
        for (JsonNode node : nodes) {
            byId.put(node.path("nodeId").asString(), node);
        }
        var out = new StringBuilder();
        var refs = new HashMap<Integer, Long>();
        if (!nodes.isEmpty()) {
            visit(nodes.get(0), byId, 0, "", out, refs);
        }
        return new Snapshot(out.toString(), refs);
    }

    private static void visit(
            JsonNode node,
            Map<String, JsonNode> byId,
            int depth,
            String parentName,
            StringBuilder out,
            Map<Integer, Long> refs) {
        String role = node.path("role").path("value").asString("");
        String name = clip(node.path("name").path("value").asString("").strip());
        boolean shown = !node.path("ignored").asBoolean(false)
                && !STRUCTURAL.contains(role)
                && !(role.equals("StaticText") && (name.isEmpty() || parentName.contains(name)));
        int childDepth = depth;
        String carried = parentName;
        if (shown) {
            int ref = refs.size() + 1;
            if (node.has("backendDOMNodeId")) {
                refs.put(ref, node.get("backendDOMNodeId").asLong());
            }
            out.append("  ".repeat(depth))
                    .append('[')
                    .append(ref)
                    .append("] ")
                    .append(role.equals("StaticText") ? "text" : role);
            if (!name.isEmpty()) {
                out.append(" \"").append(name.replace("\"", "'")).append('"');
            }
            describe(node, out);
            out.append('\n');
            childDepth = depth + 1;
            carried = name;
        }
        for (JsonNode childId : node.path("childIds")) {
            JsonNode child = byId.get(childId.asString());
            if (child != null) {
                visit(child, byId, childDepth, carried, out, refs);
            }
        }
    }

    private static void describe(JsonNode node, StringBuilder out) {
        String value = node.path("value").path("value").asString("");
        if (!value.isEmpty()) {
            out.append(" value=\"").append(clip(value).replace("\"", "'")).append('"');
        }
        for (JsonNode property : node.path("properties")) {
            String key = property.path("name").asString("");
            JsonNode v = property.path("value").path("value");
            switch (key) {
                case "checked", "selected", "expanded", "pressed" -> {
                    String state = v.asString("");
                    if (state.equals("true") || (v.isBoolean() && v.booleanValue())) {
                        out.append(' ').append(key);
                    } else if (state.equals("mixed")) {
                        out.append(' ').append(key).append("=mixed");
                    }
                }
                case "disabled", "required", "invalid" -> {
                    if (v.asBoolean(false) || v.asString("").equals("true")) {
                        out.append(' ').append(key);
                    }
                }
                case "level" -> out.append(" level=").append(v.asString(""));
                default -> {
                    // focus, editability and the like change as the agent acts; leave them out
                }
            }
        }
    }

    private static String clip(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= MAX_TEXT ? flat : flat.substring(0, MAX_TEXT) + "…";
    }
}
