package io.openenv4j.mcp.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One content block of a tool result. The common kinds have their own record with typed accessors; any
 * other kind (from a later MCP version) is an {@link Other}. Every variant keeps the block exactly as it
 * arrived in {@link #json()}, {@code annotations} and {@code _meta} included.
 *
 * <p>Not sealed on purpose: MCP adds content kinds, so switch over it with a default branch.
 */
public interface McpContent {

    /** The block's {@code type}: {@code text}, {@code image}, {@code audio}, {@code resource_link}, {@code resource}, … */
    String type();

    /** The block as it arrived, every key included. */
    Map<String, Object> json();

    /** {@code {"type":"text","text":…}}. */
    record Text(String text, Map<String, Object> json) implements McpContent {
        public Text {
            json = copy(json);
        }

        @Override
        public String type() {
            return "text";
        }
    }

    /** {@code {"type":"image","data":<base64>,"mimeType":…}}. */
    record Image(String data, String mimeType, Map<String, Object> json) implements McpContent {
        public Image {
            json = copy(json);
        }

        @Override
        public String type() {
            return "image";
        }
    }

    /** {@code {"type":"audio","data":<base64>,"mimeType":…}}. */
    record Audio(String data, String mimeType, Map<String, Object> json) implements McpContent {
        public Audio {
            json = copy(json);
        }

        @Override
        public String type() {
            return "audio";
        }
    }

    /** {@code {"type":"resource_link","uri":…,"name":…}}: a pointer to a resource the server offers. */
    record ResourceLink(String uri, String name, String mimeType, Map<String, Object> json) implements McpContent {
        public ResourceLink {
            json = copy(json);
        }

        @Override
        public String type() {
            return "resource_link";
        }
    }

    /**
     * {@code {"type":"resource","resource":{"uri":…,"text":…|"blob":…}}}: a resource embedded in the result.
     *
     * @param uri the resource's URI
     * @param mimeType its MIME type, or {@code null}
     * @param text its text, or {@code null} for a binary resource
     * @param blob its bytes in base64, or {@code null} for a text resource
     */
    record EmbeddedResource(String uri, String mimeType, String text, String blob, Map<String, Object> json)
            implements McpContent {
        public EmbeddedResource {
            json = copy(json);
        }

        @Override
        public String type() {
            return "resource";
        }
    }

    /** A kind this version does not model. */
    record Other(String type, Map<String, Object> json) implements McpContent {
        public Other {
            json = copy(json);
        }
    }

    /** The block for its JSON form ({@code json} as plain values). */
    static McpContent of(Map<String, Object> json) {
        Object type = json.get("type");
        return switch (type instanceof String s ? s : "") {
            case "text" -> new Text(string(json, "text"), json);
            case "image" -> new Image(string(json, "data"), string(json, "mimeType"), json);
            case "audio" -> new Audio(string(json, "data"), string(json, "mimeType"), json);
            case "resource_link" ->
                new ResourceLink(string(json, "uri"), string(json, "name"), string(json, "mimeType"), json);
            case "resource" -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> resource =
                        json.get("resource") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                yield new EmbeddedResource(
                        string(resource, "uri"),
                        string(resource, "mimeType"),
                        string(resource, "text"),
                        string(resource, "blob"),
                        json);
            }
            default -> new Other(type instanceof String s ? s : String.valueOf(type), json);
        };
    }

    private static String string(Map<String, Object> json, String key) {
        return json.get(key) instanceof String s ? s : null;
    }

    private static Map<String, Object> copy(Map<String, Object> json) {
        return json == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(json));
    }
}
