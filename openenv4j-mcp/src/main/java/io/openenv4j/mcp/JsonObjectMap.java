package io.openenv4j.mcp;

import io.openenv4j.wire.WireJson;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON object seen as the plain {@code Map} the environment API speaks ({@link
 * io.openenv4j.core.ToolEnvironment#callTool}'s arguments, {@link io.openenv4j.core.ToolResult}'s structured
 * content), keeping the tree: MCP serving hands tool arguments over as one, {@link Toolbox} binds them from the
 * tree and shapes results as one, and {@link McpWire} and {@link ToolWire} write the tree, so a tool call
 * crosses no tree-to-map round trip unless its code reads the map. Code that does sees the values {@link
 * WireJson#toPlain} gives, made on first use. Read-only; the tree must not change afterwards.
 */
public final class JsonObjectMap extends AbstractMap<String, Object> {

    private final ObjectNode tree;
    private volatile Map<String, Object> plain;

    private JsonObjectMap(ObjectNode tree) {
        this.tree = Objects.requireNonNull(tree, "tree");
    }

    /** The object as a map (the tree is not copied: do not change it afterwards). */
    public static JsonObjectMap of(ObjectNode tree) {
        return new JsonObjectMap(tree);
    }

    /** The tree behind {@code map} when it is a {@link JsonObjectMap}, else {@code null}. */
    public static ObjectNode treeOf(Map<?, ?> map) {
        return map instanceof JsonObjectMap view ? view.tree : null;
    }

    /** The tree. */
    public ObjectNode tree() {
        return tree;
    }

    @Override
    public int size() {
        return tree.size();
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && tree.has(name);
    }

    @Override
    public Object get(Object key) {
        return plain().get(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return plain().entrySet();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> plain() {
        Map<String, Object> values = plain;
        if (values == null) {
            values = Collections.unmodifiableMap((Map<String, Object>) WireJson.toPlain(tree));
            plain = values;
        }
        return values;
    }
}
